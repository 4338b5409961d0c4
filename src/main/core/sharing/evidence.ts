/**
 * Evidence files of cases, stored by content (SHA-256) in the data directory: the same file twice
 * is kept once, a stored file is never changed, and its name on disk says nothing a path could
 * exploit. Only documents and images of the allowlisted kinds are accepted, checked by their
 * first bytes as well as their extension, and they are only ever handed over as downloads.
 */
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { DomainError } from '../../../shared/errors';
import { EVIDENCE_MAX_BYTES_DEFAULT, EVIDENCE_TYPES } from '../../../shared/sharing';

export interface StoredEvidence {
  sha256: string;
  size: number;
  mime: string;
}

const refuse = (message: string, code: string) => new DomainError('INVALID_INPUT', message, { issues: [{ path: 'dataBase64', message: code }] });

export class EvidenceStore {
  constructor(
    private readonly dir: string,
    private readonly maxBytes = EVIDENCE_MAX_BYTES_DEFAULT,
  ) {}

  put(fileName: string, data: Buffer): StoredEvidence {
    const ext = extname(fileName).slice(1).toLowerCase();
    const type = EVIDENCE_TYPES[ext];
    if (!type) throw refuse(`files of type .${ext || '?'} are not accepted as evidence (accepted: ${Object.keys(EVIDENCE_TYPES).join(', ')})`, 'type-not-allowed');
    if (data.length === 0) throw refuse('the file is empty', 'empty');
    if (data.length > this.maxBytes) throw refuse(`the file is over ${Math.round(this.maxBytes / 1024 / 1024)} MB`, 'too-large');
    if (type.magic && !type.magic.every((byte, i) => data[i] === byte)) throw refuse(`the file's content is not a .${ext} file`, 'content-mismatch');
    if (!type.magic && data.includes(0)) throw refuse('a text file must not contain binary data', 'content-mismatch');
    const sha256 = createHash('sha256').update(data).digest('hex');
    const path = this.path(sha256);
    // Written when missing, and again when what is there is not this file any more (damaged on
    // disk): adding the same file again is how an official repairs evidence the sync cannot send.
    if (!existsSync(path) || createHash('sha256').update(readFileSync(path)).digest('hex') !== sha256) {
      mkdirSync(join(this.dir, sha256.slice(0, 2)), { recursive: true });
      // Written aside and renamed, so a crash never leaves a half file under its final name.
      const temporary = `${path}.${randomBytes(6).toString('hex')}.part`;
      writeFileSync(temporary, data, { mode: 0o600 });
      renameSync(temporary, path);
    }
    return { sha256, size: data.length, mime: type.mime };
  }

  /** Whether the file is here (one named by a case pulled from the hub may not be fetched yet). */
  has(sha256: string): boolean {
    return /^[0-9a-f]{64}$/.test(sha256) && existsSync(this.path(sha256));
  }

  read(sha256: string): Buffer {
    return readFileSync(this.path(sha256));
  }

  /**
   * A file fetched from the hub for a case's evidence event: checked as an upload is (type, size,
   * content), and against the hash the event names, before it is kept.
   */
  receive(fileName: string, data: Buffer, sha256: string): void {
    const actual = createHash('sha256').update(data).digest('hex');
    if (actual !== sha256) throw refuse(`the file fetched for ${fileName} is not the one the case names (SHA-256 ${actual.slice(0, 12)}…, expected ${sha256.slice(0, 12)}…)`, 'content-mismatch');
    this.put(fileName, data);
  }

  path(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  /** Copies a stored file into the exports folder under a plain name, for the transport to hand over. */
  handOver(sha256: string, ext: string, exportsDir: string, label: string): string {
    mkdirSync(exportsDir, { recursive: true });
    const file = `${label}-${randomBytes(6).toString('hex')}.${ext.replace(/[^a-z0-9]/gi, '')}`;
    copyFileSync(this.path(sha256), join(exportsDir, file));
    return file;
  }
}
