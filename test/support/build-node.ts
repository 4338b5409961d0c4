import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { OUT, ROOT } from './paths';

/** The worker, CLI and web host run from their bundles, as they do in the product: build them first. */
export default function setup(): void {
  const full = !existsSync(join(OUT, 'renderer', 'index.html'));
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), ...(full ? [] : ['--node-only'])], { stdio: 'inherit', cwd: ROOT });
}
