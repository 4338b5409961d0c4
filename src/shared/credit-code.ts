/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015) that identifies a provider
 * agency: 18 characters from a 31-character set; the last one is a check character.
 */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** The check character for the first 17 characters. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('expected 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CHARSET.indexOf(first17[i]!);
    if (value < 0) throw new RangeError(`character ${first17[i]} is not allowed in a credit code`);
    sum += value * WEIGHTS[i]!;
  }
  return CHARSET[(31 - (sum % 31)) % 31]!;
}

export type CreditCodeProblem = 'length' | 'characters' | 'check-character';

/** Why a code is not a valid unified social credit code, or null when it is. */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  if (code.length !== 18) return 'length';
  if (!PATTERN.test(code)) return 'characters';
  return creditCodeCheckChar(code.slice(0, 17)) === code[17] ? null : 'check-character';
}

export const isCreditCode = (code: string) => creditCodeProblem(code) === null;

/** The organisation code's own check character (GB 11714), for codes this console generates. */
export function organisationCodeCheckChar(first8: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first8].reduce((s, ch, i) => s + CHARSET.indexOf(ch) * weights[i]!, 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}
