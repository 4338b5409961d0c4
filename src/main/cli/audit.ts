import { resolve } from 'node:path';
import { archiveAudit, checkArchives } from '../core/audit/archive';
import { readSecurityPolicy } from '../core/identity/policy';
import type { CliOptions } from './index';
import { CliError, printJson, usage } from './io';
import { openForCli } from './open';

/** `dac audit verify`: walks the hash chain; exit 1 naming the first broken row. */
export async function runAuditVerify(options: CliOptions): Promise<void> {
  const { core, dataDir } = openForCli(options['data-dir']);
  try {
    const result = core.audit.verify();
    const archives = checkArchives(core.db);
    const badArchive = archives.find((a) => !a.ok);
    // The newest record and its hash: kept somewhere else, they show later whether the chain was rewritten.
    const head = core.db.prepare('SELECT seq AS lastSeq, hash AS lastHash FROM audit_log ORDER BY seq DESC LIMIT 1').get() ?? { lastSeq: null, lastHash: null };
    if (options.json) printJson({ dataDir, ...result, ...head, archives });
    else if (result.ok && !badArchive) process.stdout.write(`Audit trail intact: ${result.checked} records checked in ${dataDir}${archives.length ? `, and ${archives.length} archive file(s)` : ''}\n`);
    if (!result.ok || badArchive) {
      if (options.json) process.exitCode = 1;
      else if (!result.ok) throw new CliError(`audit trail BROKEN at record ${result.firstBroken!.seq}: ${result.firstBroken!.reason} (${result.checked} records before it are intact)`);
      else throw new CliError(`audit archive ${badArchive!.file} (records up to ${badArchive!.uptoSeq}) does not verify: ${badArchive!.reason}`);
    }
  } finally {
    core.close();
  }
}

/** `dac audit archive --before DATE --out FILE`: moves rows older than DATE (and past retention) to a file. */
export async function runAuditArchive(options: CliOptions): Promise<void> {
  const before = options.before;
  const out = options.out;
  if (!before || !/^\d{4}-\d{2}-\d{2}$/.test(before) || Number.isNaN(Date.parse(before))) throw usage('--before YYYY-MM-DD is required');
  if (!out) throw usage('--out FILE is required');
  const { core } = openForCli(options['data-dir']);
  try {
    const retentionDays = readSecurityPolicy(core.db).auditRetentionDays;
    const limit = new Date(Date.now() - retentionDays * 86_400_000);
    if (new Date(`${before}T00:00:00Z`) > limit) {
      throw new CliError(`the retention policy keeps ${retentionDays} days of audit records in the database: --before must be ${limit.toISOString().slice(0, 10)} or earlier`);
    }
    const result = archiveAudit(core.db, core.audit, new Date(`${before}T00:00:00Z`).toISOString(), resolve(out), new Date());
    if (options.json) return printJson(result ?? { rows: 0 });
    process.stdout.write(result ? `Archived records ${result.fromSeq}-${result.toSeq} (${result.rows}) to ${result.file}\n  sha256 ${result.sha256}\n` : `No audit records before ${before}.\n`);
  } finally {
    core.close();
  }
}
