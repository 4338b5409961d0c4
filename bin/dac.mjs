#!/usr/bin/env node
// The `dac` command: runs the bundled CLI (built by `npm install` / `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../out/main/cli.mjs', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('dac: the console is not built yet; run `npm run build` in its folder first.\n');
  process.exit(1);
}
await import(cli.href);
