/**
 * Evidence files as they travel (docs/sync-protocol.md, "Evidence files (schema 16)"): a case's
 * timeline names each file by its SHA-256 and size in an `evidence` event; the bytes travel apart,
 * content-addressed, uploaded by the console that added them before the case that names them, and
 * fetched by the consoles that receive the case.
 */
import { EVIDENCE_MAX_BYTES_DEFAULT } from './sharing';
import { splitBody } from './sync-timeline';

/** The first console schema that uploads its evidence (older consoles' files stay where they were added). */
export const FILES_SCHEMA = 16;
export const FILE_MAX_BYTES = EVIDENCE_MAX_BYTES_DEFAULT;
/** Hashes asked about in one call. */
export const FILES_ASKED_MAX = 1_000;

export const isSha256 = (text: unknown): text is string => typeof text === 'string' && /^[0-9a-f]{64}$/.test(text);

export interface EvidenceRef {
  /** The event's key: `console/tag.n`. */
  event: string;
  sha256: string;
  size: number;
  fileName: string;
}

/**
 * The files a case's body (or a patch of it) names: its `evidence` events. An event whose data
 * does not name a file properly is returned with an empty hash, for the hub to refuse.
 */
export function evidenceRefs(body: Record<string, unknown>): EvidenceRef[] {
  const refs: EvidenceRef[] = [];
  for (const [event, value] of splitBody(body).events) {
    const e = value as { kind?: unknown; body?: unknown; data?: { sha256?: unknown; size?: unknown } | null } | null;
    if (e?.kind !== 'evidence') continue;
    const sha256 = isSha256(e.data?.sha256) ? e.data.sha256 : '';
    const size = Number.isSafeInteger(e.data?.size) ? (e.data!.size as number) : -1;
    refs.push({ event, sha256, size, fileName: typeof e.body === 'string' ? e.body : '' });
  }
  return refs;
}
