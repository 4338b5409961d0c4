#!/usr/bin/env node
// `npm test`: builds, runs the unit and integration tests (vitest, real SQLite, real worker
// threads, real HTTP on loopback), then the end-to-end tests (Playwright in the system Chromium
// through browser mode, and the Electron specs where the runtime is installed). Ends with one
// line: "tests: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findElectron } from './lib/electron-runtime.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => `${root}/node_modules/.bin/${name}`;
// Not test-results/: Playwright empties that folder when it starts.
const results = `${root}/.tmp/test-reports`;
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const run = (title, command, args, env = {}) => {
  process.stdout.write(`\n=== ${title} ===\n`);
  return spawnSync(command, args, { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } }).status ?? 1;
};

if (run('build', process.execPath, [`${root}/scripts/build.mjs`]) !== 0) process.exit(1);

const unitStatus = run('unit and integration (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}/unit.json`]);

const electron = findElectron();
let e2eCommand = bin('playwright');
let e2eArgs = ['test', '--reporter=list,json'];
if (!electron.found) {
  process.stdout.write(`\nElectron specs (test/electron) will be skipped: ${electron.reason}. The renderer and core are tested in Chromium and Node.\n`);
} else if (!process.env.DISPLAY && spawnSync('sh', ['-c', 'command -v xvfb-run']).status === 0) {
  // A real window needs a display: use a virtual one.
  e2eArgs = ['-a', e2eCommand, ...e2eArgs];
  e2eCommand = 'xvfb-run';
}
const e2eStatus = run('end to end (Playwright)', e2eCommand, e2eArgs, { PLAYWRIGHT_JSON_OUTPUT_NAME: `${results}/e2e.json` });

const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);
const unit = read(`${results}/unit.json`);
const e2e = read(`${results}/e2e.json`);
const passed = (unit?.numPassedTests ?? 0) + (e2e?.stats.expected ?? 0) + (e2e?.stats.flaky ?? 0);
const failed = (unit?.numFailedTests ?? 0) + (e2e?.stats.unexpected ?? 0);
const skipped = (unit?.numPendingTests ?? 0) + (unit?.numTodoTests ?? 0) + (e2e?.stats.skipped ?? 0);
const broken = unitStatus !== 0 || e2eStatus !== 0 || !unit || !e2e;

process.stdout.write(`\nunit/integration: ${unit ? `${unit.numPassedTests} passed, ${unit.numFailedTests} failed` : 'no report'}`);
process.stdout.write(`\nend to end: ${e2e ? `${e2e.stats.expected} passed, ${e2e.stats.unexpected} failed, ${e2e.stats.skipped} skipped${e2e.stats.flaky ? `, ${e2e.stats.flaky} flaky` : ''}` : 'no report'}\n`);
process.stdout.write(`tests: ${passed} passed, ${failed + (broken && failed === 0 ? 1 : 0)} failed, ${skipped} skipped\n`);
process.exit(broken || failed > 0 ? 1 : 0);
