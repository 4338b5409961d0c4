/**
 * Self-signed certificates made by the real `openssl` command (Node cannot issue certificates), for
 * the fleet's HTTPS platforms and the probe tests. P-256 keys: the fleet answers thousands of
 * handshakes a minute and an EC handshake costs a fraction of an RSA one.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificate {
  key: string;
  cert: string;
  /** notAfter as OpenSSL wrote it. */
  expiresAt: Date;
  dir: string;
}

/** A certificate for 127.0.0.1 and localhost valid from now for `days` days (openssl needs days ≥ 1). */
export function selfSignedCertificate(days: number, dir = mkdtempSync(join(tmpdir(), 'dac-cert-'))): TestCertificate {
  const whole = Math.max(1, Math.round(days));
  const keyFile = join(dir, `key-${whole}d.pem`);
  const certFile = join(dir, `cert-${whole}d.pem`);
  execFileSync(
    'openssl',
    [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', keyFile, '-out', certFile, '-days', String(whole),
      '-subj', '/CN=localhost/O=Data Authority Console test fleet',
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const notAfter = execFileSync('openssl', ['x509', '-in', certFile, '-noout', '-enddate'], { encoding: 'utf8' }).trim().replace(/^notAfter=/, '');
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), expiresAt: new Date(notAfter), dir };
}
