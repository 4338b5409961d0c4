import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSecretStore, sealedDataKey, type KeySealer } from '../../../src/main/core/sync/token-vault';
import { tempDataDir } from '../../support/paths';

/**
 * The hub token at rest. The desktop shell seals the data key with Electron safeStorage, which
 * needs the Electron runtime (not on this machine: that path is covered by the Electron specs
 * where the runtime exists); here the envelope is exercised with another real sealing key.
 */
function otherKeychain(): KeySealer {
  const key = randomBytes(32);
  return {
    seal(text) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    open(sealed) {
      const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
    },
  };
}
const TOKEN = 'dac1_令牌-secret-value';

describe('the hub token at rest', () => {
  it('is never in the clear: an owner-only key file and an encrypted token file', () => {
    const dir = tempDataDir();
    const store = fileSecretStore(dir);
    expect(store.read()).toBeNull();
    store.write(TOKEN);
    expect(fileSecretStore(dir).read()).toBe(TOKEN);
    expect(readFileSync(join(dir, 'sync', 'token.enc')).includes(Buffer.from('secret-value'))).toBe(false);
    expect(statSync(join(dir, 'sync', 'token.key')).mode & 0o777).toBe(0o600);
    store.write(null);
    expect(store.read()).toBeNull();
  });

  it('keeps the data key sealed by the keychain, taking over a plain key file without losing the token', () => {
    const dir = tempDataDir();
    fileSecretStore(dir).write(TOKEN); // browser mode first: a plain key file
    const keychain = otherKeychain();
    const key = sealedDataKey(dir, keychain);
    expect(existsSync(join(dir, 'sync', 'token.key'))).toBe(false);
    expect(existsSync(join(dir, 'sync', 'token.key.sealed'))).toBe(true);
    expect(fileSecretStore(dir, key).read()).toBe(TOKEN);
    expect(sealedDataKey(dir, keychain).equals(key)).toBe(true); // the next start opens the same key
    // Without the keychain's key (another machine, a reset keychain): no token, not a crash.
    expect(fileSecretStore(dir).read()).toBeNull();
    expect(() => sealedDataKey(dir, otherKeychain())).toThrow();
  });

  it('makes a new sealed key when there was none', () => {
    const dir = tempDataDir();
    const key = sealedDataKey(dir, otherKeychain());
    expect(key).toHaveLength(32);
    fileSecretStore(dir, key).write(TOKEN);
    expect(fileSecretStore(dir, key).read()).toBe(TOKEN);
    expect(existsSync(join(dir, 'sync', 'token.key'))).toBe(false);
  });
});
