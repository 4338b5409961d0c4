/**
 * `npm run fleet -- --count N [--scenario FILE] [--registry-out FILE] [--control-port P]
 * [--host 127.0.0.1] [--tls SELECTOR] [--probe JSON] [--base-port P]`: the test fleet as a process
 * (see fleet.ts for modes and the scenario format). Prints one line `fleet ready {json}` when every
 * platform listens, so a parent process can wait for it; runs until SIGINT or SIGTERM.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { probeSettingsSchema } from '../../src/shared/connectivity';
import { platformSelectorSchema, startFleet } from './fleet';

const USAGE = 'usage: npm run fleet -- --count N [--scenario FILE] [--registry-out FILE] [--control-port P] [--host 127.0.0.1] [--tls SELECTOR] [--probe JSON] [--base-port P]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string' },
      scenario: { type: 'string' },
      'registry-out': { type: 'string' },
      'control-port': { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      tls: { type: 'string' },
      probe: { type: 'string' },
      'base-port': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help || values.count === undefined) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
  const fleet = await startFleet({
    count: Number(values.count),
    host: values.host,
    scenario: values.scenario === undefined ? undefined : JSON.parse(readFileSync(values.scenario, 'utf8')),
    tls: values.tls === undefined ? undefined : platformSelectorSchema.parse(values.tls),
    probe: values.probe === undefined ? undefined : probeSettingsSchema.partial().parse(JSON.parse(values.probe)),
    controlPort: values['control-port'] === undefined ? undefined : Number(values['control-port']),
    basePort: values['base-port'] === undefined ? undefined : Number(values['base-port']),
    log,
  });
  if (values['registry-out']) writeFileSync(values['registry-out'], `${JSON.stringify(fleet.registry(), null, 2)}\n`);
  const ports = fleet.platforms.map((p) => p.port);
  console.log(
    `fleet ready ${JSON.stringify({
      count: fleet.platforms.length,
      host: fleet.host,
      ports: [Math.min(...ports), Math.max(...ports)],
      secure: fleet.platforms.filter((p) => p.secure).length,
      controlUrl: fleet.controlUrl,
      registry: values['registry-out'] ?? null,
      pid: process.pid,
    })}`,
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void fleet.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`fleet: ${error instanceof Error ? error.message : String(error)}`);
  console.error(USAGE);
  process.exit(1);
});
