/**
 * Where the hub token lives between runs. The desktop shell hands the core a store backed by
 * Electron safeStorage (the OS keychain); elsewhere (browser mode, `dac`) the token is kept
 * AES-256-GCM encrypted in the data directory with a key file readable only by its owner, so it
 * never sits in plain text in the database, a backup of it or a log.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SecretStore {
  read(): string | null;
  write(secret: string | null): void;
}

export function fileSecretStore(dataDir: string): SecretStore {
  const dir = join(dataDir, 'sync');
  const keyFile = join(dir, 'token.key');
  const tokenFile = join(dir, 'token.enc');
  const key = (): Buffer => {
    if (!existsSync(keyFile)) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(keyFile, randomBytes(32), { mode: 0o600 });
    }
    return readFileSync(keyFile);
  };
  return {
    read() {
      if (!existsSync(tokenFile)) return null;
      const raw = readFileSync(tokenFile);
      const decipher = createDecipheriv('aes-256-gcm', key(), raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
    write(secret) {
      if (secret === null) return rmSync(tokenFile, { force: true });
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key(), iv);
      const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      writeFileSync(tokenFile, Buffer.concat([iv, cipher.getAuthTag(), body]), { mode: 0o600 });
    },
  };
}
