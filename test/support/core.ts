import { openCore, type Core, type CoreOptions } from '../../src/main/core/core';
import type { Logger } from '../../src/main/core/logger';
import { tempDataDir } from './paths';

export interface MemoryLog extends Logger {
  lines: Array<{ level: string; message: string; fields: Record<string, unknown> }>;
}

export function memoryLog(): MemoryLog {
  const lines: MemoryLog['lines'] = [];
  return {
    lines,
    info: (message, fields = {}) => lines.push({ level: 'info', message, fields }),
    error: (message, fields = {}) => lines.push({ level: 'error', message, fields }),
  };
}

/** A core in-process on a fresh data directory (real SQLite file in a temp dir). */
export function testCore(options: Partial<CoreOptions> = {}): Core & { dataDir: string } {
  const dataDir = options.dataDir ?? tempDataDir();
  return Object.assign(openCore({ appVersion: '0.0.0-test', ...options, dataDir }), { dataDir });
}

export const STRONG_PASSWORD = 'Zhengwu#2026';
