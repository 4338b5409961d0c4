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

/**
 * Something that seals a small secret with a key the process does not keep: Electron safeStorage
 * (DPAPI, Keychain, libsecret). Given one, the token file's data key is kept sealed beside it.
 */
export interface KeySealer {
  seal(text: string): Buffer;
  open(sealed: Buffer): string;
}

/**
 * The token file's data key, kept sealed by the OS keychain in `sync/token.key.sealed`; a plain
 * key file left from browser mode or an older version is sealed and removed, so the token stays
 * readable and the key no longer sits on disk in the clear.
 */
export function sealedDataKey(dataDir: string, sealer: KeySealer): Buffer {
  const dir = join(dataDir, 'sync');
  const sealedFile = join(dir, 'token.key.sealed');
  const plainFile = join(dir, 'token.key');
  if (existsSync(sealedFile)) return Buffer.from(sealer.open(readFileSync(sealedFile)), 'base64');
  const key = existsSync(plainFile) ? readFileSync(plainFile) : randomBytes(32);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(sealedFile, sealer.seal(key.toString('base64')), { mode: 0o600 });
  rmSync(plainFile, { force: true });
  return key;
}

/** `dataKey`: from sealedDataKey (the desktop shell); without it the key is a file readable only by its owner. */
export function fileSecretStore(dataDir: string, dataKey?: Buffer): SecretStore {
  const dir = join(dataDir, 'sync');
  const keyFile = join(dir, 'token.key');
  const tokenFile = join(dir, 'token.enc');
  const key = (): Buffer => {
    if (dataKey) return dataKey;
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
      try {
        const decipher = createDecipheriv('aes-256-gcm', key(), raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        // Sealed under a key this process no longer has (the OS keychain was reset, the folder
        // copied to another machine): as good as no token; an administrator enters a new one.
        return null;
      }
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
