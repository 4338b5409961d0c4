import type { CliOptions } from './index';
import { CliError, printJson } from './io';
import { openForCli } from './open';

/** `dac audit verify`: walks the hash chain; exit 1 naming the first broken row. */
export async function runAuditVerify(options: CliOptions): Promise<void> {
  const { core, dataDir } = openForCli(options['data-dir']);
  try {
    const result = core.audit.verify();
    if (options.json) printJson({ dataDir, ...result });
    else if (result.ok) process.stdout.write(`Audit trail intact: ${result.checked} records checked in ${dataDir}\n`);
    if (!result.ok) {
      const { seq, reason } = result.firstBroken!;
      if (options.json) process.exitCode = 1;
      else throw new CliError(`audit trail BROKEN at record ${seq}: ${reason} (${result.checked} records before it are intact)`);
    }
  } finally {
    core.close();
  }
}
