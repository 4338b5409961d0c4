import type { RpcResult } from '../../shared/errors';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export const usage = (message: string) => new CliError(`${message}\nRun \`dac help\` for usage.`, 2);

/** Unwraps a contract envelope, turning an error into a CLI failure with the core's message. */
export function unwrap<T>(result: RpcResult<unknown>): T {
  if (result.ok) return result.value as T;
  const issues = result.error.details?.issues?.map((i) => `  ${i.path || '(input)'}: ${i.message}`).join('\n');
  throw new CliError(`${result.error.code}: ${result.error.message}${issues ? `\n${issues}` : ''}`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Pads by display width: a CJK character takes two columns in a terminal. */
export function printTable(rows: string[][]): void {
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1), 0);
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => width(r[i] ?? '')))) ?? [];
  for (const row of rows) {
    process.stdout.write(`${row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i]! - width(cell)))).join('  ')}\n`);
  }
}
