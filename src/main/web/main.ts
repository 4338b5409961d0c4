/**
 * Browser mode entry (`npm run serve`, and `npm start` where the desktop runtime is missing).
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { APP_VERSION } from '../app-version';
import { CoreStartError } from '../core/core-host';
import { endStarting, LaunchingCore } from '../core/core-launch';
import { upgradeLine } from '../../shared/startup';
import { exportsDir, resolveDataDir } from '../core/data-dir';
import { chinaDate, isIsoDate } from '../../shared/working-days';
import { startWebHost } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    // --manual-sync: no automatic runs, only "sync now" (a test that orders two consoles' runs).
    // --today: the console's calendar starts at that China date, at the real time of day (a training
    // console set in a given week; the calendar test, whose "next year" must stay 2027).
    options: { 'data-dir': { type: 'string' }, port: { type: 'string' }, 'manual-sync': { type: 'boolean' }, today: { type: 'string' } },
    strict: true,
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not "${values.port}"`);
  const dataDir = resolveDataDir(values['data-dir']);
  const clockOffsetMs = values.today === undefined ? 0 : daysFromToday(values.today) * DAY_MS;

  // The address is printed at once: while an upgraded console migrates its database, the page
  // shows how far it is (LaunchingCore answers STARTING until the core runs).
  const core = new LaunchingCore(
    {
      workerFile: new URL('./core-worker.mjs', import.meta.url),
      dataDir,
      appVersion: APP_VERSION,
      enableBenchJobs: false,
      autoSync: !values['manual-sync'],
      clockOffsetMs,
    },
    (progress) => {
      const line = upgradeLine(progress);
      if (line) process.stdout.write(`${line}\n`);
    },
  );
  const web = await startWebHost({ core, staticDir: fileURLToPath(new URL('../renderer/', import.meta.url)), exportsDir: exportsDir(dataDir), port });

  process.stdout.write(
    [
      `政务数据管理控制台 Data Authority Console ${APP_VERSION} — browser mode`,
      `Data directory: ${dataDir}`,
      'Open this address in Chromium or Chrome on this computer (it works only here, for this launch):',
      `  ${web.url}`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  try {
    await core.ready;
  } catch (error) {
    await web.close();
    throw error;
  }
  process.stdout.write('The console is ready.\n');

  async function stop(): Promise<void> {
    if (!core.running) {
      process.stdout.write('Stopped while starting: an unfinished upgrade runs again at the next start.\n');
      endStarting();
    }
    await web.close();
    await core.close();
    process.exit(0);
  }
}

class UsageError extends Error {}

const DAY_MS = 86_400_000;

/** Whole days from today's China date to `date`, so the time of day stays the real one. */
function daysFromToday(date: string): number {
  if (!isIsoDate(date)) throw new UsageError(`--today must be a date YYYY-MM-DD, not "${date}"`);
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${chinaDate(new Date())}T00:00:00Z`)) / DAY_MS);
}

main().catch((error: unknown) => {
  const known = error instanceof CoreStartError || error instanceof UsageError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION';
  process.stderr.write(`${known ? (error as Error).message : String((error as Error).stack ?? error)}\n`);
  process.exit(known ? 2 : 1);
});
