import { describe, expect, it } from 'vitest';
import { packHeartbeat, unpackHeartbeat } from '../../../src/shared/connectivity';
import { advance, initialConfirmation, OfflineDetector } from '../../../src/main/core/connectivity/confirm';
import { addSample, binOf, decode, emptyHistogram, encode, percentile } from '../../../src/main/core/connectivity/histogram';
import { MinHeap } from '../../../src/main/core/connectivity/heap';
import { chinaDayStartS, inWindow } from '../../../src/shared/maintenance';

const T = { failThreshold: 3, recoverThreshold: 2 };
const fail = { ok: false as const, cause: 'refused' as const, detail: 'ECONNREFUSED' };
const ok = { ok: true as const };

describe('confirmation both ways', () => {
  it('goes down only after three failures in a row, dated from the first, and up after two answers', () => {
    const c = initialConfirmation();
    expect(advance(c, ok, 1000, T)).toEqual({ kind: 'up', recoveredAt: 1000, fromDown: false });
    expect(advance(c, fail, 2000, T)).toBeNull();
    expect(advance(c, fail, 3000, T)).toBeNull();
    expect(advance(c, ok, 4000, T)).toBeNull(); // a blip: the streak is broken
    expect(c.state).toBe('up');
    advance(c, fail, 5000, T);
    advance(c, fail, 6000, T);
    expect(advance(c, { ...fail, cause: 'timeout' }, 7000, T)).toEqual({ kind: 'down', startedAt: 5000, cause: 'refused', detail: 'ECONNREFUSED' });
    expect(advance(c, fail, 8000, T)).toBeNull(); // already down: no second incident
    expect(advance(c, ok, 9000, T)).toBeNull(); // one answer is not recovery
    expect(advance(c, fail, 10_000, T)).toBeNull();
    expect(advance(c, ok, 11_000, T)).toBeNull();
    expect(advance(c, ok, 12_000, T)).toEqual({ kind: 'up', recoveredAt: 11_000, fromDown: true });
  });

  it('lets neutral samples (maintenance, console offline) neither build nor break a streak', () => {
    const c = initialConfirmation();
    advance(c, ok, 0, T);
    advance(c, fail, 1, T);
    advance(c, fail, 2, T);
    expect(advance(c, { neutral: true }, 3, T)).toBeNull();
    expect(c.failStreak).toBe(2);
    expect(advance(c, fail, 4, T)).toMatchObject({ kind: 'down', startedAt: 1 });
  });
});

describe('console offline detection', () => {
  it('declares the console offline when every recent result, across several platforms, failed the same ambiguous way', () => {
    const d = new OfflineDetector(4, 3);
    expect(d.record(1, false, 'timeout', 1)).toBeNull();
    expect(d.record(2, false, 'timeout', 2)).toBeNull();
    expect(d.record(3, false, 'timeout', 3)).toBeNull();
    expect(d.record(4, false, 'timeout', 4)).toBe('offline');
    expect(d.offline).toBe(true);
    expect(d.record(1, true, null, 5)).toBe('online');
  });

  it('never blames the console for one platform, mixed causes, or a fleet where someone still answers', () => {
    const one = new OfflineDetector(4, 3);
    for (let i = 0; i < 10; i++) expect(one.record(7, false, 'timeout', i)).toBeNull();
    const mixed = new OfflineDetector(3, 3);
    mixed.record(1, false, 'timeout', 1);
    mixed.record(2, false, 'refused', 2);
    expect(mixed.record(3, false, 'timeout', 3)).toBeNull();
    const answered = new OfflineDetector(3, 3);
    answered.record(1, false, 'timeout', 1);
    answered.record(2, true, null, 2);
    expect(answered.record(3, false, 'timeout', 3)).toBeNull();
    const statusErrors = new OfflineDetector(3, 3);
    for (let i = 1; i <= 3; i++) statusErrors.record(i, false, 'status', i);
    expect(statusErrors.offline).toBe(false); // a 503 is an answer: the network is fine
  });
});

describe('latency histogram', () => {
  it('gives percentiles within the bin width and survives its sparse encoding', () => {
    const h = emptyHistogram();
    for (let ms = 1; ms <= 1000; ms++) addSample(h, ms);
    const p50 = percentile(h, 50)!;
    const p95 = percentile(h, 95)!;
    expect(Math.abs(p50 - 500) / 500).toBeLessThan(0.1);
    expect(Math.abs(p95 - 950) / 950).toBeLessThan(0.1);
    const blob = encode(h)!;
    expect(blob.length).toBeLessThan(100);
    expect([...decode(blob)]).toEqual([...h]);
    expect(percentile(emptyHistogram(), 50)).toBeNull();
    expect(encode(emptyHistogram())).toBeNull();
    expect(binOf(0.2)).toBe(0);
    expect(binOf(10 ** 9)).toBe(65);
  });

  it('is a few bytes for a steady platform', () => {
    const h = emptyHistogram();
    for (let i = 0; i < 2880; i++) addSample(h, 4 + (i % 3));
    expect(encode(h)!.length).toBeLessThanOrEqual(10);
  });

  it('refuses a corrupt blob instead of inventing counts', () => {
    expect(() => decode(Buffer.from([0x80]))).toThrow(/truncated/);
    expect(() => decode(Buffer.from([100, 1]))).toThrow(/range/);
  });
});

describe('maintenance windows in China time', () => {
  const at = (iso: string) => Date.parse(iso);
  it('matches a weekly window that runs past midnight from Sunday into Monday', () => {
    const sundayNight = { kind: 'weekly' as const, weekday: 7, startMinute: 23 * 60, durationMinutes: 120, note: '' };
    expect(inWindow(sundayNight, at('2026-11-29T23:30:00+08:00'))).toBe(true);
    expect(inWindow(sundayNight, at('2026-11-30T00:59:00+08:00'))).toBe(true);
    expect(inWindow(sundayNight, at('2026-11-30T01:00:00+08:00'))).toBe(false);
    expect(inWindow(sundayNight, at('2026-11-29T22:59:00+08:00'))).toBe(false);
  });
  it('matches a one-off window with its end excluded', () => {
    const once = { kind: 'once' as const, startsAt: '2026-12-01T02:00:00+08:00', endsAt: '2026-12-01T04:00:00+08:00', note: '' };
    expect(inWindow(once, at('2026-12-01T02:00:00+08:00'))).toBe(true);
    expect(inWindow(once, at('2026-12-01T04:00:00+08:00'))).toBe(false);
  });
  it('starts days at midnight in China, not in UTC', () => {
    expect(new Date(chinaDayStartS(at('2026-11-25T07:00:00+08:00')) * 1000).toISOString()).toBe('2026-11-24T16:00:00.000Z');
  });
});

describe('the due queue', () => {
  it('pops in due order', () => {
    const heap = new MinHeap<number>((n) => n);
    for (const n of [5, 1, 9, 3, 7, 2, 8]) heap.push(n);
    const out: number[] = [];
    while (heap.size > 0) out.push(heap.pop()!);
    expect(out).toEqual([1, 2, 3, 5, 7, 8, 9]);
  });
});

describe('heartbeat on the wire', () => {
  it('packs runs and unpacks to the same beats', () => {
    for (const beats of ['', 'u', 'uuuuud?', 'u'.repeat(60), 'ud'.repeat(30), 'mmmm??dduu', `${'u'.repeat(12)}d${'?'.repeat(11)}`]) {
      expect(unpackHeartbeat(packHeartbeat(beats))).toBe(beats);
    }
    expect(packHeartbeat('u'.repeat(60))).toBe('60u');
    expect(packHeartbeat('uuuuud?')).toBe('5ud?');
  });
});
