/**
 * The WAL is checkpointed by a thread of its own (db/checkpoints.ts, the bundled
 * out/main/checkpoint-worker.mjs), not in the core thread's commits. What the test reads is the
 * wal-index header in the -shm file (https://www.sqlite.org/walformat.html, "The WAL-Index
 * Header"): mxFrame, the frames in the WAL, at byte 16, and nBackfill, the frames copied back into
 * the database, at byte 96; both native-endian 32-bit.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKSTOP_PAGES } from '../../src/main/core/db/checkpoints';
import { testCore } from '../support/core';
import { CHECKPOINT_THREAD as THREAD } from '../support/paths';

function walIndex(dataDir: string): { mxFrame: number; nBackfill: number } {
  const shm = readFileSync(join(dataDir, 'console.db-shm'));
  return { mxFrame: shm.readUInt32LE(16), nBackfill: shm.readUInt32LE(96) };
}

/** About 12 MB in one commit: three times the 1,000 pages at which a commit checkpoints by default. */
function writeMuch(core: ReturnType<typeof testCore>): void {
  core.db.exec('CREATE TABLE IF NOT EXISTS bulk (b BLOB)');
  const insert = core.db.prepare('INSERT INTO bulk VALUES (randomblob(4000))');
  core.db.transaction(() => {
    for (let i = 0; i < 3000; i++) insert.run();
  })();
}

const cores: Array<ReturnType<typeof testCore>> = [];
afterEach(async () => {
  for (const core of cores.splice(0)) if (core.db.open) await core.close();
});

describe('the checkpoint thread', () => {
  it('copies the WAL back into the database, so the core’s commits need not', async () => {
    const core = testCore({ checkpoints: THREAD });
    cores.push(core);
    expect(core.db.pragma('wal_autocheckpoint', { simple: true })).toBe(BACKSTOP_PAGES);
    writeMuch(core);
    // Far below the backstop: only the thread can have copied these frames.
    expect(walIndex(core.dataDir).mxFrame).toBeGreaterThan(3000);
    expect(walIndex(core.dataDir).mxFrame).toBeLessThan(BACKSTOP_PAGES);
    const deadline = Date.now() + 10_000;
    while (walIndex(core.dataDir).nBackfill < walIndex(core.dataDir).mxFrame && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const { mxFrame, nBackfill } = walIndex(core.dataDir);
    expect(nBackfill).toBe(mxFrame);
  });

  it('ends before the core’s connection closes, which then checkpoints the WAL and removes it', async () => {
    const core = testCore({ checkpoints: THREAD });
    writeMuch(core);
    await core.close();
    expect(existsSync(join(core.dataDir, 'console.db-wal'))).toBe(false);
    expect(existsSync(join(core.dataDir, 'console.db'))).toBe(true);
  });

  it('is not there inline (tests, dac): a commit past 1,000 pages checkpoints itself', () => {
    const core = testCore();
    cores.push(core);
    expect(core.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    writeMuch(core);
    const { mxFrame, nBackfill } = walIndex(core.dataDir);
    expect(nBackfill).toBe(mxFrame);
  });
});
