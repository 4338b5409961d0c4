/**
 * A hub's link to its parent hub: every interval it pushes what its own consoles changed and
 * pulls the parent's changes, with the same calls a console makes. /health reports the link.
 */
import { fetchFailure, STALE_SOCKET, SYNC_PROTOCOL_VERSION, type HubHealth, type Mutation, type MutationResult, type PullResponse, type PushResponse } from '../shared/sync';
import { evidenceRefs, FILES_ASKED_MAX } from '../shared/sync-files';
import { heldFile } from './files';
import { applyParentPage, recordPushAnswers, sealOutgoing, upstreamState } from './mirror';
import type { HubStore } from './store';

export interface UpstreamOptions {
  url: string;
  token: string;
  /** The schema version this hub announces (the highest its consoles may have). */
  schema: number;
  intervalMs: number;
  log?: (line: string) => void;
}

class UpstreamError extends Error {}

export class Upstream {
  private health: HubHealth['upstream'];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly store: HubStore,
    private readonly options: UpstreamOptions,
  ) {
    this.health = { status: 'down', url: options.url, lastSync: null, lastError: 'not synced yet' };
  }

  status(): HubHealth['upstream'] {
    return { ...this.health };
  }

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.sync().finally(() => {
        this.running = null;
        if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs);
      });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One run: push everything pending, then pull until the parent has no more. Never throws: the health says what failed. */
  async sync(): Promise<void> {
    try {
      for (let first = true; ; first = false) {
        const outgoing = await sealOutgoing(this.store, first);
        await this.sendFiles(outgoing.mutations);
        const answer = outgoing.mutations.length > 0 ? await this.call<PushResponse>('POST', '/sync/push', { mutations: outgoing.mutations }) : { results: [] as MutationResult[] };
        const { rejected } = await recordPushAnswers(this.store, outgoing, answer.results);
        for (const r of rejected) if (r.status === 'rejected') this.options.log?.(`parent rejected mutation ${r.id}: ${r.reason}: ${r.message}`);
        if (!outgoing.more) break;
      }
      // Announcing a higher schema than the last pull did (kinds the parent held back): from the beginning once.
      await this.store.change((tx) => tx.query('UPDATE upstream SET cursor = CASE WHEN schema < $1 THEN NULL ELSE cursor END, schema = $1', [this.options.schema]));
      let { cursor } = await upstreamState(this.store.db);
      for (let pages = 0; pages < 10_000; pages++) {
        const page = await this.call<PullResponse>('GET', `/sync/pull?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        if ('resync' in page) {
          this.options.log?.(`parent asks for a resync: ${page.reason}`);
          cursor = null;
          await applyParentPage(this.store, [], null);
          continue;
        }
        await applyParentPage(this.store, page.records, page.cursor);
        cursor = page.cursor;
        if (!page.more) break;
      }
      this.health = { status: 'up', url: this.options.url, lastSync: new Date().toISOString(), lastError: null };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.health = { ...this.health, status: 'down', lastError: message };
      if (!(error instanceof UpstreamError)) this.options.log?.(`sync with the parent failed: ${message}`);
    }
  }

  /**
   * The evidence files the outgoing cases name that the parent lacks, uploaded before them, so the
   * parent's consoles can read them. One this hub does not hold (a console older than schema 16
   * kept it) is left out: the parent takes a child hub's cases without it.
   */
  private async sendFiles(mutations: Mutation[]): Promise<void> {
    const hashes = [...new Set(mutations.filter((m) => m.kind === 'case').flatMap((m) => evidenceRefs(m.patch).map((r) => r.sha256)))].filter(Boolean);
    for (let from = 0; from < hashes.length; from += FILES_ASKED_MAX) {
      const { missing } = await this.call<{ missing: string[] }>('POST', '/files/missing', { sha256: hashes.slice(from, from + FILES_ASKED_MAX) });
      for (const sha256 of missing) {
        const data = await heldFile(this.store.db, sha256);
        if (data) await this.call('PUT', `/files/${sha256}`, data);
      }
    }
  }

  /** A file the parent holds for this hub's region (HubFiles.read at a child hub); null if it has none or cannot be reached. */
  readonly fetchFile = async (sha256: string): Promise<Buffer | null> => {
    try {
      const res = await this.request('GET', `/files/${sha256}`);
      return res.ok ? Buffer.from(await res.arrayBuffer()) : null;
    } catch (error) {
      this.options.log?.(`reading file ${sha256} from the parent failed: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  };

  private async request(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, attempt = 1): Promise<Response> {
    const raw = body instanceof Buffer;
    try {
      return await fetch(new URL(path, this.options.url), {
        method,
        headers: {
          authorization: `Bearer ${this.options.token}`,
          'x-dac-protocol': String(SYNC_PROTOCOL_VERSION),
          'x-dac-schema': String(this.options.schema),
          'content-type': raw ? 'application/octet-stream' : 'application/json',
        },
        body: body === undefined ? undefined : raw ? new Uint8Array(body) : JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
    } catch (error) {
      // Once more on a kept-alive connection the parent closed as it was taken (STALE_SOCKET).
      if (attempt < 2 && STALE_SOCKET.has(fetchFailure(error))) return this.request(method, path, body, attempt + 1);
      throw new UpstreamError(`the parent hub ${this.options.url} is unreachable: ${error instanceof Error ? (error.cause as Error | undefined)?.message ?? error.message : String(error)}`);
    }
  }

  private async call<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
    const res = await this.request(method, path, body);
    const json = (await res.json().catch(() => null)) as (T & { error?: { code: string; message: string } }) | null;
    if (!res.ok || json === null) throw new UpstreamError(`the parent hub answered ${res.status}${json?.error ? ` ${json.error.code}: ${json.error.message}` : ''}`);
    return json;
  }
}
