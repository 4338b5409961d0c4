import { describe, expect, it } from 'vitest';
import { characterClasses, checkPassword, DEFAULT_PASSWORD_POLICY } from '../../../src/shared/password-policy';

describe('password policy', () => {
  it('defaults to 10 characters mixing 3 of 4 classes', () => {
    expect(DEFAULT_PASSWORD_POLICY).toEqual({ minLength: 10, minClasses: 3 });
  });

  it('counts character classes, with Chinese characters as symbols', () => {
    expect(characterClasses('abc')).toBe(1);
    expect(characterClasses('aB3')).toBe(3);
    expect(characterClasses('aB3!')).toBe(4);
    expect(characterClasses('政务数据')).toBe(1);
  });

  it('names every rule a password breaks', () => {
    expect(checkPassword('short1A', DEFAULT_PASSWORD_POLICY)).toEqual(['too-short']);
    expect(checkPassword('alllowercaseletters', DEFAULT_PASSWORD_POLICY)).toEqual(['too-few-classes']);
    expect(checkPassword('abc', DEFAULT_PASSWORD_POLICY)).toEqual(['too-short', 'too-few-classes']);
    expect(checkPassword('Zhengwu2026', DEFAULT_PASSWORD_POLICY)).toEqual([]);
    expect(checkPassword('数据安全Data2026', DEFAULT_PASSWORD_POLICY)).toEqual([]);
    expect(checkPassword(`Aa1${'x'.repeat(300)}`, DEFAULT_PASSWORD_POLICY)).toEqual(['too-long']);
  });

  it('counts characters, not UTF-16 units', () => {
    // Nine characters, some outside the BMP: still too short.
    expect(checkPassword('𠀀𠀀𠀀Aa1!bc', { minLength: 10, minClasses: 3 })).toContain('too-short');
  });
});
