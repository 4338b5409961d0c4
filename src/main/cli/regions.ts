import type { Region } from '../../shared/contract';
import { NATIONAL_REGION_CODE } from '../../shared/regions';
import type { CliOptions } from './index';
import { printJson, printTable, unwrap } from './io';
import { openForCli } from './open';

export async function runRegions(options: CliOptions): Promise<void> {
  const { core, session } = openForCli(options['data-dir']);
  try {
    const parent = options.parent ?? NATIONAL_REGION_CODE;
    unwrap(await core.dispatch(session, 'regions.get', { code: parent }));
    const regions = unwrap<Region[]>(await core.dispatch(session, 'regions.children', { parent }));
    if (options.json) return printJson(regions);
    printTable([['CODE', 'NAME', 'LEVEL', 'CHILDREN'], ...regions.map((r) => [r.code, r.name, r.level, r.hasChildren ? 'yes' : ''])]);
  } finally {
    core.close();
  }
}
