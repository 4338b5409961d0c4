#!/usr/bin/env node
// Type-checks each process against its own tsconfig: shared (no Node, no DOM), main, preload,
// renderer (DOM, no Node), tests.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
let failed = false;
for (const project of ['shared', 'main', 'preload', 'renderer', 'test']) {
  const result = spawnSync(process.execPath, [tsc, '-p', `tsconfig.${project}.json`], { stdio: 'inherit' });
  process.stdout.write(`typecheck ${project}: ${result.status === 0 ? 'ok' : 'FAILED'}\n`);
  failed ||= result.status !== 0;
}
process.exit(failed ? 1 : 0);
