#!/usr/bin/env node
// Builds every process: the Node side with esbuild (one bundle per entry), the renderer with Vite.
// `--node-only` skips the renderer (the unit tests need only the worker and the CLI).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const nodeOnly = process.argv.includes('--node-only');

// Bundled CommonJS dependencies may call require(); ESM bundles need one provided.
const esmRequire = "import { createRequire as __dacCreateRequire } from 'node:module'; const require = __dacCreateRequire(import.meta.url);";
const node = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: 'linked',
  // exceljs stays a runtime dependency, loaded only when a spreadsheet is written.
  external: ['better-sqlite3', 'electron', 'exceljs'],
  logLevel: 'warning',
};

const started = Date.now();
await Promise.all([
  build({
    ...node,
    format: 'esm',
    outdir: 'out/main',
    outExtension: { '.js': '.mjs' },
    banner: { js: esmRequire },
    entryPoints: {
      web: 'src/main/web/main.ts',
      'core-worker': 'src/main/core/worker.ts',
      'monitor-worker': 'src/main/core/connectivity/monitor-worker.ts',
      'import-worker': 'src/main/core/directory/transfer/import-worker.ts',
      'checkpoint-worker': 'src/main/core/db/checkpoint-worker.ts',
      cli: 'src/main/cli/index.ts',
      electron: 'src/main/electron/main.ts',
    },
  }),
  // A sandboxed preload cannot load ES modules.
  build({ ...node, format: 'cjs', outfile: 'out/preload/preload.cjs', entryPoints: ['src/main/electron/preload.ts'] }),
]);

if (!nodeOnly) {
  const { build: viteBuild } = await import('vite');
  rmSync(`${root}/out/renderer`, { recursive: true, force: true });
  await viteBuild({ configFile: `${root}/vite.config.ts`, logLevel: 'warn' });
}
process.stdout.write(`built ${nodeOnly ? 'main, worker, cli, preload' : 'all processes'} in ${Date.now() - started} ms\n`);
