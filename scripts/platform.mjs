#!/usr/bin/env node
// `npm run platform -- <command>`: bundles the sync hub (src/platform) like the fleet and runs it
// in this same process. PGlite and pg stay external: PGlite finds its WebAssembly and data files
// next to its own module.
import { build } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
await build({
  absWorkingDir: root,
  entryPoints: ['src/platform/cli.ts'],
  outfile: 'out/platform/platform.mjs',
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  external: ['@electric-sql/pglite', 'pg'],
  banner: { js: "import { createRequire as __dacCreateRequire } from 'node:module'; const require = __dacCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
await import(pathToFileURL(`${root}/out/platform/platform.mjs`).href);
