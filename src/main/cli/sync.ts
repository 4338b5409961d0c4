import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { evidenceDir } from '../core/data-dir';
import { EvidenceStore } from '../core/sharing/evidence';
import { SyncService } from '../core/sync/service';
import type { CliOptions } from './index';
import { CliError, printJson, usage } from './io';
import { openForCli } from './open';

/**
 * `dac sync --hub URL --token-file F`: one run against the hub, then what was pushed, pulled and
 * left in conflict. The token is read from the file for this run only; the hub address is kept, so
 * the console's own automatic sync uses it too once a token is given in the app.
 */
export async function runSyncCommand(options: CliOptions): Promise<void> {
  const hub = options.hub;
  const tokenFile = options['token-file'];
  if (!hub) throw usage('--hub URL is required');
  if (!tokenFile) throw usage('--token-file FILE is required');
  let token: string;
  try {
    token = readFileSync(tokenFile, 'utf8').split(/\r?\n/)[0]!.trim();
  } catch (e) {
    throw new CliError(`cannot read the token file ${tokenFile}: ${(e as Error).message}`);
  }
  if (!token) throw new CliError(`the token file ${tokenFile} is empty`);
  const { core, dataDir } = openForCli(options['data-dir']);
  try {
    // The evidence store goes along: a case's new evidence is refused at the hub unless its file went first.
    const evidence = new EvidenceStore(evidenceDir(dataDir));
    const sync = new SyncService(core.db, { clock: () => new Date(), secrets: { read: () => token, write: () => undefined }, afterApply: () => core.calendar.forget(), evidence });
    sync.configure(hub, undefined);
    const report = await sync.run(`os:${userInfo().username}`, options['allow-deletions'] === true);
    const status = sync.status();
    if (options.json) printJson({ dataDir, ...report, pendingChanges: status.pendingChanges, openConflicts: status.conflicts });
    else {
      process.stdout.write(
        `Sync with ${hub} as ${report.console?.name ?? '?'} (${report.console?.region ?? '?'}): ${report.outcome}\n` +
          `  pushed ${report.pushed} (applied ${report.applied}, conflicts ${report.conflicts}, rejected ${report.rejected.length}), pulled ${report.pulled}\n` +
          `  evidence files: sent ${report.files.sent}, fetched ${report.files.fetched}, not available yet ${report.files.unavailable}\n` +
          `  waiting to be sent: ${status.pendingChanges}; open conflicts: ${status.conflicts}\n` +
          report.rejected.map((r) => `  rejected ${r.kind} ${r.key}: ${r.reason} — ${r.message}\n`).join('') +
          (report.message ? `  ${report.message}\n` : ''),
      );
    }
    if (report.outcome === 'offline' || report.outcome === 'failed' || report.outcome === 'needs-confirmation') process.exitCode = 1;
  } finally {
    await core.close();
  }
}
