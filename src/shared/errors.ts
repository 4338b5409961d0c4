/**
 * Error codes every contract method may answer with. The UI maps a code (and its details) to
 * localized text; `message` is an English fallback for logs and scripts, never shown raw.
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNKNOWN_METHOD',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'SIGN_IN_FAILED',
  /** The session is idle-locked: unlock with the password (the screen's work is kept). */
  'SESSION_LOCKED',
  /** The account must change its password before anything else. */
  'PASSWORD_CHANGE_REQUIRED',
  'UNAVAILABLE',
  /** The core is still opening its data directory (an upgrade's backup and migrations); details.progress says how far. */
  'STARTING',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldIssue {
  /** Dotted path of the offending field, '' for the input as a whole. */
  path: string;
  message: string;
}

export interface RpcErrorPayload {
  code: ErrorCode;
  message: string;
  details?: { issues?: FieldIssue[]; [key: string]: unknown };
}

export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: RpcErrorPayload };

/** Thrown by core handlers for expected failures; the dispatcher turns it into an envelope. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: RpcErrorPayload['details'],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

