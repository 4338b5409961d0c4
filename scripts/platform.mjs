#!/usr/bin/env node
// `npm run platform -- <command>`: bundles the sync hub (src/platform) like the fleet and runs it
// in this same process. PGlite and pg stay external: PGlite finds its WebAssembly and data files
// next to its own module. The bundle is written beside its place and renamed into it, so test
// processes building at the same time never import a half-written file.
import { build } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${root}out/platform/platform.mjs`;
const result = await build({
  absWorkingDir: root,
  entryPoints: ['src/platform/cli.ts'],
  outfile,
  write: false,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  external: ['@electric-sql/pglite', 'pg'],
  banner: { js: "import { createRequire as __dacCreateRequire } from 'node:module'; const require = __dacCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
mkdirSync(`${root}out/platform`, { recursive: true });
writeFileSync(`${outfile}.${process.pid}`, result.outputFiles[0].contents);
renameSync(`${outfile}.${process.pid}`, outfile);
await import(pathToFileURL(outfile).href);
