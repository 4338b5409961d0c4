import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const OUT = join(ROOT, 'out');
export const WORKER_FILE = join(OUT, 'main', 'core-worker.mjs');
/** The WAL checkpointed in a thread of its own, as the app does (src/main/core/db/checkpoints.ts). */
export const CHECKPOINT_THREAD = { mode: 'thread' as const, workerFile: join(OUT, 'main', 'checkpoint-worker.mjs') };
export const DAC_BIN = join(ROOT, 'bin', 'dac.mjs');

const created: string[] = [];
let hooked = false;

/**
 * A fresh directory under the system's temporary folder, removed after the test file (vitest, see
 * cleanup.ts) or when the process exits (Playwright, bench): a full run used to leave tens of
 * gigabytes behind. DAC_KEEP_TEST_DIRS=1 keeps them for a post-mortem.
 */
export function tempDataDir(prefix = 'dac-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (!hooked) process.once('exit', removeTempDirs);
  hooked = true;
  created.push(dir);
  return dir;
}

/** Removes the directories made so far (those of cores still open included: their files go too). */
export function removeTempDirs(): void {
  if (process.env.DAC_KEEP_TEST_DIRS === '1') return;
  for (const dir of created.splice(0)) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // A directory still in use by a process that outlived us stays behind: nothing else to do.
    }
  }
}
