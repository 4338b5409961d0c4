/**
 * The console's side of the wire (docs/sync-protocol.md): one method per hub call, gzip'd request
 * bodies, the protocol and schema headers, and errors sorted into what the user can do about them:
 * offline (try later, nothing lost), unauthenticated (a new token), incompatible (upgrade).
 */
import { gzipSync } from 'node:zlib';
import { fetchFailure, STALE_SOCKET, SYNC_PROTOCOL_VERSION, WIRE_SCHEMA, type HelloResponse, type Mutation, type PullResponse, type PushResponse } from '../../../shared/sync';

export type HubProblem = 'offline' | 'unauthenticated' | 'incompatible' | 'hub-error';

export class HubError extends Error {
  constructor(
    readonly problem: HubProblem,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface HubClientOptions {
  url: string;
  token: string;
  /** Per request; a pull page of 5,000 entries is a few megabytes. */
  timeoutMs?: number;
}

/** An evidence file of up to 50 MB over a slow office link (about 1 Mbit/s) still arrives. */
const FILE_TIMEOUT_MS = 10 * 60_000;

export class HubClient {
  private readonly base: string;

  constructor(private readonly options: HubClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
  }

  get url(): string {
    return this.base;
  }

  hello(): Promise<HelloResponse> {
    return this.call<HelloResponse>('POST', '/sync/hello', {});
  }

  /** `after`: the last id of a push still on its way before this one (a hub whose hello says `pushAfter`). */
  push(mutations: Mutation[], after?: number): Promise<PushResponse> {
    return this.call<PushResponse>('POST', '/sync/push', { mutations, after });
  }

  pull(cursor: string | null, limit: number): Promise<PullResponse> {
    const query = new URLSearchParams({ limit: String(limit) });
    if (cursor) query.set('cursor', cursor);
    return this.call<PullResponse>('GET', `/sync/pull?${query}`);
  }

  /** Of these evidence files, those the hub does not hold yet (at most FILES_ASKED_MAX). */
  async missingFiles(sha256: string[]): Promise<string[]> {
    return (await this.call<{ missing: string[] }>('POST', '/files/missing', { sha256 })).missing;
  }

  /** Uploads one evidence file; the hub checks it against its hash. Sent as it is: documents and images are compressed already. */
  async putFile(sha256: string, data: Buffer): Promise<void> {
    const headers = { ...this.headers(), 'content-type': 'application/octet-stream' };
    const response = await this.send('PUT', `/files/${sha256}`, headers, new Uint8Array(data).buffer, FILE_TIMEOUT_MS);
    // Refused, this file only (too large for a proxy in front of the hub, say: often an HTML page, no JSON).
    if (response.status === 400 || response.status === 413) {
      await response.body?.cancel();
      throw new HubError('hub-error', `the hub refused evidence file ${sha256.slice(0, 12)}… (${response.status})`);
    }
    await this.answer(response);
  }

  /** An evidence file named by a case in this console's scope; null when the hub has none (its console has not uploaded it). */
  async getFile(sha256: string): Promise<Buffer | null> {
    const response = await this.send('GET', `/files/${sha256}`, this.headers(), undefined, FILE_TIMEOUT_MS);
    if (response.status === 404) {
      // Read to the end, or the kept-alive connection stays taken until it is collected.
      await response.body?.cancel();
      return null;
    }
    if (!response.ok) await this.answer(response);
    return Buffer.from(await response.arrayBuffer());
  }

  private headers(): Record<string, string> {
    return {
      authorization: `Bearer ${this.options.token}`,
      'x-dac-protocol': String(SYNC_PROTOCOL_VERSION),
      'x-dac-schema': String(WIRE_SCHEMA),
      'accept-encoding': 'gzip',
    };
  }

  private async call<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, timeoutMs?: number): Promise<T> {
    const headers = this.headers();
    let payload: ArrayBuffer | undefined;
    if (body !== undefined) {
      payload = new Uint8Array(gzipSync(JSON.stringify(body))).buffer;
      headers['content-type'] = 'application/json';
      headers['content-encoding'] = 'gzip';
    }
    return this.answer<T>(await this.send(method, path, headers, payload, timeoutMs));
  }

  private async send(method: 'GET' | 'POST' | 'PUT', path: string, headers: Record<string, string>, payload?: ArrayBuffer, timeoutMs?: number): Promise<Response> {
    let response: Response | null = null;
    // Once more on a socket closed under us (STALE_SOCKET).
    for (let attempt = 1; response === null; attempt++) {
      try {
        response = await fetch(this.base + path, { method, headers, body: payload, signal: AbortSignal.timeout(timeoutMs ?? this.options.timeoutMs ?? 120_000) });
      } catch (e) {
        const cause = fetchFailure(e);
        if (attempt < 2 && STALE_SOCKET.has(cause)) continue;
        throw new HubError('offline', `the hub at ${this.base} cannot be reached (${cause})`);
      }
    }
    return response;
  }

  /** The answer's JSON, or the error it carries sorted into what the user can do. */
  private async answer<T>(response: Response): Promise<T> {
    let answer: unknown;
    try {
      answer = await response.json();
    } catch {
      throw new HubError(response.ok ? 'hub-error' : 'offline', `the hub answered ${response.status} without a JSON body`);
    }
    if (response.ok) return answer as T;
    const error = (answer as { error?: { code?: string; message?: string; details?: unknown } }).error ?? {};
    const problem: HubProblem = response.status === 401 ? 'unauthenticated' : error.code === 'INCOMPATIBLE' ? 'incompatible' : response.status >= 500 ? 'offline' : 'hub-error';
    throw new HubError(problem, error.message ?? `the hub answered ${response.status}`, error.details);
  }
}
