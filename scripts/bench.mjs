#!/usr/bin/env node
// `npm run bench`: builds the console, bundles the benchmark runner (test/bench) and runs it with
// the given arguments.
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
if (spawnSync(process.execPath, [`${root}/scripts/build.mjs`], { stdio: 'inherit' }).status !== 0) process.exit(1);
await build({
  absWorkingDir: root,
  entryPoints: ['test/bench/run.ts'],
  outfile: 'out/bench/run.mjs',
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  // Bundled like the product (JSON data included); native and browser-driving packages stay outside.
  // PGlite and pg as the hub's bundle keeps them (scripts/platform.mjs): PGlite finds its files beside its own module.
  external: ['better-sqlite3', 'electron', '@playwright/test', 'playwright', 'playwright-core', '@electric-sql/pglite', 'pg'],
  banner: { js: "import { createRequire as __dacCreateRequire } from 'node:module'; const require = __dacCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
// The directory suite holds a million-row spreadsheet in memory while importing it.
const result = spawnSync(process.execPath, ['--max-old-space-size=12288', `${root}/out/bench/run.mjs`, ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
