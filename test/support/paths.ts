import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const OUT = join(ROOT, 'out');
export const WORKER_FILE = join(OUT, 'main', 'core-worker.mjs');
export const DAC_BIN = join(ROOT, 'bin', 'dac.mjs');

export function tempDataDir(prefix = 'dac-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
