#!/usr/bin/env node
// `npm run fleet`: bundles the test fleet (test/fleet) like the benchmarks and runs it in this
// same process, so the fleet is one process whose pid a test or a benchmark can watch.
import { build } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
await build({
  absWorkingDir: root,
  entryPoints: ['test/fleet/cli.ts'],
  outfile: 'out/fleet/fleet.mjs',
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  banner: { js: "import { createRequire as __dacCreateRequire } from 'node:module'; const require = __dacCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
await import(pathToFileURL(`${root}/out/fleet/fleet.mjs`).href);
