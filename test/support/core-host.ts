import { CoreHost } from '../../src/main/core/core-host';
import { tempDataDir, WORKER_FILE } from './paths';

/** The real worker-thread core, from its bundle, on a fresh data directory. */
export function startCoreHost(options: { dataDir?: string; enableBenchJobs?: boolean } = {}): Promise<CoreHost> {
  return CoreHost.start({
    workerFile: WORKER_FILE,
    dataDir: options.dataDir ?? tempDataDir(),
    appVersion: '0.0.0-test',
    enableBenchJobs: options.enableBenchJobs ?? false,
  });
}
