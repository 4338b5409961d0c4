import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../src/main/core/connectivity/probe';
import { probeSettingsSchema } from '../../src/shared/connectivity';
import { startNginx, type Nginx } from '../support/nginx';

const settings = probeSettingsSchema.parse({ timeoutMs: 3_000 });

// The helper the connectivity integration test stops and starts; nginx itself is required (CI
// installs Debian's nginx), so a missing binary fails here rather than skipping quietly.
describe('test/support/nginx: a real nginx on loopback', () => {
  let nginx: Nginx;
  const check = () => probe(settings, { health: nginx.healthUrl, gateway: '', exchange: '' });

  beforeAll(async () => {
    nginx = await startNginx();
  });
  afterAll(() => nginx?.close());

  it('serves the health document', async () => {
    const response = await fetch(nginx.healthUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('server')).toMatch(/^nginx/);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ status: 'ok', platform: 'nginx', upstream: { status: 'up' } });
    expect(await check()).toMatchObject({ ok: true, httpStatus: 200, upstreamOk: true });
  });

  it('is refused while stopped and answers again once started, on the same port', async () => {
    await nginx.stop();
    expect(nginx.running()).toBe(false);
    expect(await check()).toMatchObject({ ok: false, cause: 'refused' });
    await nginx.start();
    expect(nginx.running()).toBe(true);
    expect(await check()).toMatchObject({ ok: true });
  });

  it('serves a changed health document at once', async () => {
    nginx.setHealth({ status: 'ok', platform: 'nginx', upstream: { status: 'down' } });
    expect(await check()).toMatchObject({ ok: false, cause: 'upstream', upstreamOk: false });
    nginx.setHealth({ status: 'ok', platform: 'nginx', upstream: { status: 'up' } });
    expect(await check()).toMatchObject({ ok: true });
  });

  it('leaves no process and no files after close', async () => {
    const other = await startNginx();
    const pid = Number(readFileSync(`${other.prefix}/logs/nginx.pid`, 'utf8'));
    expect(pid).toBeGreaterThan(0);
    await other.close();
    expect(existsSync(other.prefix)).toBe(false);
    expect(() => process.kill(pid, 0)).toThrow();
    expect(await probe(settings, { health: other.healthUrl, gateway: '', exchange: '' })).toMatchObject({ ok: false, cause: 'refused' });
  });
});
