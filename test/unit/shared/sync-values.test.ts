import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPatch, canonicalJson, diffBodies, entryView, sameValue } from '../../../src/shared/sync';

/** The value comparisons every sync step leans on: equal as JSON whatever the key order, null the same as absent. */
describe('sync values', () => {
  it('compares like the canonical JSON does, its shortcuts included', () => {
    const json = fc.jsonValue();
    fc.assert(
      fc.property(json, json, (a, b) => {
        expect(sameValue(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
        expect(sameValue(a, a)).toBe(true);
      }),
      { seed: 8, numRuns: 2_000 },
    );
    expect(sameValue({ a: 1, b: [1, { c: 2, d: 3 }] }, { b: [1, { d: 3, c: 2 }], a: 1 })).toBe(true);
    expect(sameValue(undefined, null)).toBe(true);
    expect(sameValue(0, null)).toBe(false);
    expect(sameValue('1', 1)).toBe(false);
    expect(sameValue([], {})).toBe(false);
  });

  it("writes a new record's patch as the very text of the body it sends (SyncJournal.sealChunk stores one for the other)", () => {
    const body = fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }));
    fc.assert(
      fc.property(body, (b) => {
        expect(JSON.stringify(diffBodies({}, b))).toBe(JSON.stringify(applyPatch({}, b)));
      }),
      { seed: 11, numRuns: 2_000 },
    );
  });

  it('patches a body into the other, with null meaning absent', () => {
    const body = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.oneof(fc.constant(null), fc.integer(), fc.string()));
    fc.assert(
      fc.property(body, body, (from, to) => {
        const strip = (b: Record<string, unknown>) => applyPatch({}, b);
        expect(canonicalJson(applyPatch(strip(from), diffBodies(from, to)))).toBe(canonicalJson(strip(to)));

      }),
      { seed: 9, numRuns: 1_000 },
    );
  });

  it('gives back the null of an entry field the hub dropped', () => {
    expect(entryView({ status: 'draft', 'content.name': '常住人口基础信息' }).content).toEqual({ name: '常住人口基础信息', releaseDate: null });
    expect(entryView({ status: 'draft', 'content.releaseDate': '2026-01-01' }).content.releaseDate).toBe('2026-01-01');
  });
});
