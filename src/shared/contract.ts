/**
 * The one RPC contract between the UI and the core. Every method names its input schema, its
 * output type, the permission it needs and whether it writes. The dispatcher, the Electron preload,
 * the browser-mode host, the typed client and the contract tests are all derived from this table.
 */
import { z } from 'zod';
import { isRegionCode, type RegionLevel } from './regions';
import { PASSWORD_MAX_LENGTH, type PasswordPolicy } from './password-policy';

/** `public` methods work before sign-in; `signed-in` needs a session. Roles arrive with identity. */
export type Permission = 'public' | 'signed-in';

export interface MethodDef<I extends z.ZodType = z.ZodType, O = unknown> {
  input: I;
  permission: Permission;
  writes: boolean;
  /** Phantom: carries the output type for inference only. */
  readonly output?: O;
}

function method<O>() {
  return <I extends z.ZodType>(def: { input: I; permission: Permission; writes: boolean }): MethodDef<I, O> => def;
}

export const regionCodeSchema = z.string().refine(isRegionCode, { message: 'expected a six-digit region code' });
const noInput = z.object({}).strict();

export const usernameSchema = z
  .string()
  .trim()
  .min(2)
  .max(32)
  .regex(/^[\p{L}\p{N}._-]+$/u, { message: 'letters, digits, dot, underscore or hyphen only' });
export const displayNameSchema = z.string().trim().min(1).max(40);
export const passwordSchema = z.string().min(1).max(PASSWORD_MAX_LENGTH);

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  roles: string[];
  regionScope: string;
}

export interface AuthStatus {
  setupRequired: boolean;
  user: SessionUser | null;
  passwordPolicy: PasswordPolicy;
}

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  hasChildren: boolean;
}

export interface RegionWithPath extends Region {
  /** Ancestors from the national root down to the parent. */
  path: Array<{ code: string; name: string }>;
}

export interface SystemInfo {
  appVersion: string;
  schemaVersion: number;
  dataDir: string;
  regionCount: number;
  regionDataset: string;
}

export const contract = {
  'system.ping': method<{ at: string }>()({ input: noInput, permission: 'public', writes: false }),
  'system.info': method<SystemInfo>()({ input: noInput, permission: 'signed-in', writes: false }),

  'auth.status': method<AuthStatus>()({ input: noInput, permission: 'public', writes: false }),
  'auth.createFirstAdmin': method<SessionUser>()({
    input: z.object({ username: usernameSchema, displayName: displayNameSchema, password: passwordSchema }).strict(),
    permission: 'public',
    writes: true,
  }),
  'auth.signIn': method<SessionUser>()({
    input: z.object({ username: z.string().trim().min(1).max(64), password: passwordSchema }).strict(),
    permission: 'public',
    writes: true,
  }),
  'auth.signOut': method<{ signedOut: true }>()({ input: noInput, permission: 'signed-in', writes: true }),

  'regions.children': method<Region[]>()({
    input: z.object({ parent: regionCodeSchema }).strict(),
    permission: 'signed-in',
    writes: false,
  }),
  'regions.get': method<RegionWithPath>()({
    input: z.object({ code: regionCodeSchema }).strict(),
    permission: 'signed-in',
    writes: false,
  }),
  'regions.search': method<RegionWithPath[]>()({
    input: z.object({ query: z.string().trim().min(1).max(40), limit: z.number().int().min(1).max(100).default(20) }).strict(),
    permission: 'signed-in',
    writes: false,
  }),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type InputOf<K extends MethodName> = z.input<Contract[K]['input']>;
export type ParsedInputOf<K extends MethodName> = z.output<Contract[K]['input']>;
export type OutputOf<K extends MethodName> = Contract[K] extends MethodDef<z.ZodType, infer O> ? O : never;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
