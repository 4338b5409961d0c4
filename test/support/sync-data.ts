/**
 * Realistic records for sync tests (valid credit codes, complete entries) and a small client for
 * the hub's HTTP calls, speaking protocol 1 with the console's schema version.
 */
import { gzipSync } from 'node:zlib';
import type { HubRecord } from '../../src/platform/batch';
import { creditCodeCheckChar, organisationCodeCheckChar } from '../../src/shared/credit-code';
import { sampleContent } from './directory';
import { entryBody, type Mutation, type Patch, type PullResponse, type PushResponse, type SyncedContent, type SyncKind, type SyncRecord } from '../../src/shared/sync';

export const CONSOLE_SCHEMA = 17;

/** A unified social credit code of a government organ (登记管理部门 1, 机关 1) in `region`. */
export function creditCode(region: string, n: number): string {
  const org8 = String(10_000_000 + n).slice(-8);
  const first17 = `11${region}${org8}${organisationCodeCheckChar(org8)}`;
  return first17 + creditCodeCheckChar(first17);
}

export function departmentPatch(name: string, parentCreditCode: string | null = null): Patch {
  return { name, parentCreditCode, contact: '027-12345678' };
}

/** The directory tests' sample entry as it travels: no local department id, named `name`. */
export function entryContent(name: string, overrides: Partial<SyncedContent> = {}): SyncedContent {
  const { departmentId: _local, ...content } = sampleContent(1, { name, summary: `${name}，按月汇总更新。` });
  return { ...content, ...overrides };
}

/** The body of a draft (or other status) entry provided by `provider`. */
export function entryPatch(provider: string, name: string, status: 'draft' | 'published' = 'draft'): Patch {
  const content = entryContent(name);
  const published = status === 'published';
  return entryBody({ status, published, provider, content, publishedContent: published ? { ...content, provider } : null });
}

let clock = Date.parse('2026-11-30T08:00:00.000Z');
export function mutation(id: number, kind: SyncKind, key: string, region: string, baseVersion: number, patch: Patch): Mutation {
  clock += 1_000;
  return { id, kind, key, region, baseVersion, patch, actor: '李娜', at: new Date(clock).toISOString() };
}

export interface CallOptions {
  token?: string;
  schema?: number;
  gzipBody?: boolean;
  acceptGzip?: boolean;
}

export interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}

export interface Answer<T> {
  status: number;
  headers: Headers;
  json: T;
}

/** One call to the hub. */
export async function hubCall<T>(base: string, method: 'GET' | 'POST', path: string, body?: unknown, options: CallOptions = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = {
    'x-dac-protocol': '1',
    'x-dac-schema': String(options.schema ?? CONSOLE_SCHEMA),
    'accept-encoding': options.acceptGzip ? 'gzip' : 'identity',
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let payload: string | Uint8Array<ArrayBuffer> | undefined;
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
    if (options.gzipBody) {
      payload = new Uint8Array(gzipSync(payload));
      headers['content-encoding'] = 'gzip';
    }
  }
  const res = await fetch(`${base}${path}`, { method, headers, body: payload });
  return { status: res.status, headers: res.headers, json: (await res.json()) as T };
}

export const push = (base: string, token: string, mutations: Mutation[], options: CallOptions = {}) =>
  hubCall<PushResponse>(base, 'POST', '/sync/push', { mutations }, { ...options, token });

/** One page of changes after `cursor`. */
export const pullPage = (base: string, token: string, cursor: string | null, limit = 1_000, options: CallOptions = {}) =>
  hubCall<PullResponse>(base, 'GET', `/sync/pull?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, undefined, { ...options, token });

/** Pulls pages until the hub has no more; returns the records in order and the last cursor. */
export async function pullAll(base: string, token: string, cursor: string | null = null, limit = 1_000): Promise<{ records: SyncRecord[]; cursor: string | null; pages: number }> {
  const records: SyncRecord[] = [];
  for (let pages = 1; ; pages++) {
    const { json } = await pullPage(base, token, cursor, limit);
    if ('resync' in json) throw new Error(`unexpected resync: ${json.reason}`);
    records.push(...json.records);
    cursor = json.cursor;
    if (!json.more) return { records, cursor, pages };
  }
}

/** A hub record as a batch loads it, at version 1 (unit tests of src/platform/batch.ts). */
export function hubRecord(kind: SyncKind, key: string, region: string, body: Patch): HubRecord {
  return { kind, key, region, version: 1, deleted: false, body, origin: 'x', fieldVersions: {} };
}
