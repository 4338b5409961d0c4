/** A caller's mistake the hub answers with 400 INVALID_INPUT and its message (server.ts). */
export class InputError extends Error {}
