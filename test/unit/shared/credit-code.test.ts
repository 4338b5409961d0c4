import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, creditCodeProblem, isCreditCode, organisationCodeCheckChar } from '../../../src/shared/credit-code';

describe('unified social credit codes (GB 32100-2015)', () => {
  it('accepts published codes', () => {
    // Codes printed on public business licences and in the standard's examples.
    for (const code of ['91350100M000100Y43', '91110000802100433B', '91440300708461136T']) expect(creditCodeProblem(code), code).toBeNull();
  });

  it('computes the check character', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(creditCodeCheckChar('91110000802100433')).toBe('B');
  });

  it('says what is wrong with a bad code', () => {
    expect(creditCodeProblem('91350100M000100Y4')).toBe('length');
    expect(creditCodeProblem('91350100M000100Y44')).toBe('check-character');
    expect(creditCodeProblem('9135010OM000100Y43')).toBe('characters'); // letter O is not allowed
    expect(creditCodeProblem('91AB0100M000100Y43')).toBe('characters'); // region part must be digits
    expect(isCreditCode('')).toBe(false);
  });

  it('computes the organisation code check (GB 11714)', () => {
    expect(organisationCodeCheckChar('80210043')).toBe('3');
    expect(organisationCodeCheckChar('70846113')).toBe('6');
  });
});
