/**
 * Latency histograms kept in every bucket, so p50/p95/p99 of any period come from summed bins
 * (a percentile cannot be recovered from averages). Bins are logarithmic, four per doubling:
 * bin 0 holds < 1 ms, bin i ≥ 1 holds [2^((i-1)/4), 2^(i/4)) ms, the last bin everything from
 * about 65 s up, so a reported percentile is within ±9 % of the true value. Stored sparse
 * (varint bin gap, varint count): a steady platform fills a handful of bins, about 10 bytes.
 */
export const BIN_COUNT = 66;

export type Histogram = Uint32Array;

export const emptyHistogram = (): Histogram => new Uint32Array(BIN_COUNT);

export function binOf(ms: number): number {
  if (!(ms >= 1)) return 0;
  return Math.min(BIN_COUNT - 1, Math.floor(Math.log2(ms) * 4) + 1);
}

/** A bin's representative value: the geometric middle of its range. */
export function binValue(bin: number): number {
  if (bin === 0) return 0.5;
  return 2 ** ((bin - 0.5) / 4);
}

export function addSample(h: Histogram, ms: number): void {
  h[binOf(ms)]! += 1;
}

export function merge(into: Histogram, from: Histogram): void {
  for (let i = 0; i < BIN_COUNT; i++) into[i]! += from[i]!;
}

/** The p-th percentile (0-100) in milliseconds, rounded to 0.1 ms; null when empty. */
export function percentile(h: Histogram, p: number): number | null {
  let total = 0;
  for (let i = 0; i < BIN_COUNT; i++) total += h[i]!;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (let i = 0; i < BIN_COUNT; i++) {
    seen += h[i]!;
    if (seen >= rank) return Math.round(binValue(i) * 10) / 10;
  }
  return null;
}

export function encode(h: Histogram): Buffer | null {
  const bytes: number[] = [];
  let last = -1;
  for (let i = 0; i < BIN_COUNT; i++) {
    if (h[i] === 0) continue;
    pushVarint(bytes, i - last - 1);
    pushVarint(bytes, h[i]!);
    last = i;
  }
  return bytes.length === 0 ? null : Buffer.from(bytes);
}

export function decode(blob: Uint8Array | null | undefined, into: Histogram = emptyHistogram()): Histogram {
  if (!blob) return into;
  let pos = 0;
  let bin = -1;
  const read = () => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = blob[pos++];
      if (byte === undefined) throw new RangeError('truncated latency histogram');
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
      shift += 7;
    }
  };
  while (pos < blob.length) {
    bin += read() + 1;
    const count = read();
    if (bin >= BIN_COUNT) throw new RangeError('latency histogram bin out of range');
    into[bin]! += count;
  }
  return into;
}

function pushVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}
