export interface Metric {
  name: string;
  value: number;
  unit: string;
}

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Runs `probe` every 100 ms until `work` settles; each wait counts from when the probe was due (a
 * late timer means the thread was held) to its answer, in milliseconds.
 */
export async function waitsMeanwhile(work: Promise<unknown>, probe: (i: number) => void): Promise<number[]> {
  let settled = false;
  void work.finally(() => (settled = true)).catch(() => undefined);
  const waits: number[] = [];
  for (let i = 0; !settled; i++) {
    const due = performance.now() + 100;
    await new Promise((resolve) => setTimeout(resolve, 100));
    probe(i);
    waits.push(performance.now() - due);
  }
  return waits;
}
