import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../src/main/core/connectivity/probe';
import { regionRows } from '../../src/main/core/regions/dataset';
import { registryFileSchema, type PlatformRecord, type ProbeResult } from '../../src/shared/connectivity';
import { startFleet, type Fleet } from '../fleet/fleet';
import { platformIdentities } from '../fleet/registry';
import { ROOT, tempDataDir } from '../support/paths';

function call(url: string, method = 'GET', body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function waitFor<T>(what: () => Promise<T> | T, until: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await what();
    if (until(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the test fleet', () => {
  let fleet: Fleet;
  let records: PlatformRecord[];
  const probeOf = (i: number, timeoutMs = 1_500): Promise<ProbeResult> => {
    const record = records[i]!;
    return probe({ ...record.probe, timeoutMs }, record.endpoints);
  };
  const setMode = (platforms: unknown, mode: string, params?: unknown) => call(`${fleet.controlUrl}/mode`, 'POST', { platforms, mode, params });

  beforeAll(async () => {
    fleet = await startFleet({
      count: 20,
      tls: '19',
      controlPort: 0,
      scenario: {
        steps: [
          { at: 0, platforms: '18', mode: 'cert-expiring', params: { days: 5 } },
          { at: 1.5, platforms: '0-1', mode: 'wrong-status' },
        ],
      },
    });
    records = fleet.registry().platforms;
  });
  afterAll(() => fleet?.close());

  it('serves each platform on its own loopback port with the health document', async () => {
    const ports = new Set(fleet.platforms.map((p) => p.port));
    expect(ports.size).toBe(20);
    const body = await call(`http://127.0.0.1:${fleet.platforms[5]!.port}/health`);
    expect(body).toEqual({ status: 200, json: { status: 'ok', platform: 'plat-150000', upstream: { status: 'up' } } });
    for (const i of [5, 17, 19]) expect(await probeOf(i)).toMatchObject({ ok: true, cause: null, upstreamOk: true, httpStatus: 200 });
  });

  it('serves the platforms the scenario sends to cert-expiring over HTTPS with a certificate expiring then', async () => {
    expect(records[18]!.endpoints.health).toMatch(/^https:/);
    expect(records[18]!.probe.tlsVerify).toBe(false);
    expect(records[17]!.endpoints.health).toMatch(/^http:/);
    expect(records[17]!.probe.tlsVerify).toBe(true);
    const expiring = await probeOf(18);
    expect(expiring).toMatchObject({ ok: true, httpStatus: 200 });
    expect((Date.parse(expiring.certExpiresAt!) - Date.now()) / 86_400_000).toBeCloseTo(5, 0);
    // Its other modes run over TLS too, with a long-lived certificate.
    const secureUp = await probeOf(19);
    expect((Date.parse(secureUp.certExpiresAt!) - Date.now()) / 86_400_000).toBeGreaterThan(360);
    expect(await probe({ ...records[18]!.probe, tlsVerify: true }, records[18]!.endpoints)).toMatchObject({ ok: false, cause: 'tls' });
  });

  it('applies timed scenario steps', async () => {
    const state = await waitFor(
      () => call(`${fleet.controlUrl}/state`),
      (s) => (s.json as { platforms: Array<{ mode: string }> }).platforms[1]!.mode === 'wrong-status',
    );
    expect((state.json as { platforms: Array<{ mode: string }> }).platforms.slice(0, 3).map((p) => p.mode)).toEqual(['wrong-status', 'wrong-status', 'up']);
    expect(await probeOf(0)).toMatchObject({ ok: false, cause: 'status', httpStatus: 503 });
  });

  it('switches modes through the control API, each seen by the probe as its cause', async () => {
    expect(await setMode('2', 'refused')).toEqual({ status: 200, json: { changed: 1 } });
    expect((await setMode([3], 'hanging')).status).toBe(200);
    expect((await setMode([records[4]!.key], 'slow', { delayMs: 2_500 })).status).toBe(200);
    expect((await setMode('6', 'upstream-broken')).status).toBe(200);
    expect((await setMode('7-8', 'wrong-status')).json).toEqual({ changed: 2 });
    await fleet.settled();

    expect(await probeOf(2)).toMatchObject({ ok: false, cause: 'refused' });
    expect(await probeOf(3, 800)).toMatchObject({ ok: false, cause: 'timeout' });
    expect(await probeOf(4, 800)).toMatchObject({ ok: false, cause: 'timeout' });
    const slow = await probeOf(4, 10_000);
    expect(slow).toMatchObject({ ok: true });
    expect(slow.latencyMs).toBeGreaterThanOrEqual(2_400);
    expect(await probeOf(6)).toMatchObject({ ok: false, cause: 'upstream', upstreamOk: false, httpStatus: 200 });
    expect(await probeOf(7)).toMatchObject({ ok: false, cause: 'status', httpStatus: 503 });

    // Back up: the refused platform listens on its port again.
    expect((await setMode('2-8', 'up')).json).toEqual({ changed: 7 });
    await fleet.settled();
    for (const i of [2, 3, 4, 6, 7]) expect(await probeOf(i)).toMatchObject({ ok: true });
  });

  it('flaps between up and its down mode', async () => {
    expect((await setMode('9', 'flapping', { periodS: 0.5, down: 'refused' })).status).toBe(200);
    const seen = new Set<string>();
    const deadline = Date.now() + 8_000;
    while (Date.now() < deadline && seen.size < 2) {
      const result = await probeOf(9);
      seen.add(result.ok ? 'up' : String(result.cause));
      await new Promise((r) => setTimeout(r, 150));
    }
    expect([...seen].sort()).toEqual(['refused', 'up']);
    await setMode('9', 'up');
  });

  it('reports each platform in GET /state', async () => {
    await setMode(['plat-110000'], 'slow', { delayMs: 100 });
    const { json } = await call(`${fleet.controlUrl}/state`);
    const state = json as { count: number; platforms: Array<Record<string, unknown>> };
    expect(state.count).toBe(20);
    expect(state.platforms[1]).toMatchObject({ key: 'plat-110000', regionCode: '110000', mode: 'slow', params: { delayMs: 100 }, listening: true });
    expect(state.platforms[18]).toMatchObject({ secure: true, mode: 'cert-expiring', effective: 'cert-expiring' });
  });

  it('refuses bad requests, plain platforms sent to cert-expiring, and foreign Host headers, changing nothing', async () => {
    expect((await setMode('0', 'sleeping')).status).toBe(400);
    expect((await setMode('0-99', 'up')).status).toBe(400);
    expect((await setMode(['plat-nowhere'], 'up')).status).toBe(400);
    expect((await setMode('0', 'slow', { delayMs: -1 })).status).toBe(400);
    const refused = await setMode('17-19', 'cert-expiring', { days: 3 });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.json)).toContain('plain HTTP');
    expect(fleet.platforms[18]!.params).toEqual({ days: 5 });
    const foreign = await call(`${fleet.controlUrl}/state`, 'GET', undefined, { host: 'attacker.example' });
    expect(foreign.status).toBe(403);
  });

  it('describes itself in the console registry format', () => {
    const registry = registryFileSchema.parse(fleet.registry());
    expect(registry.platforms).toHaveLength(20);
    expect(registry.platforms[0]).toMatchObject({ key: 'plat-000000', regionCode: '000000', parentKey: null });
    for (const p of registry.platforms.slice(1)) expect(p.parentKey).toBe('plat-000000');
    expect(registry.platforms[1]).toMatchObject({ regionCode: '110000', name: '北京市政务数据共享交换平台' });
    const port = fleet.platforms[3]!.port;
    expect(registry.platforms[3]!.endpoints).toEqual({
      health: `http://127.0.0.1:${port}/health`,
      gateway: `http://127.0.0.1:${port}/`,
      exchange: `127.0.0.1:${port}`,
    });
  });
});

describe('the fleet registry hierarchy', () => {
  it('links every platform to the platform of its parent region, national → province → prefecture → county', () => {
    const regions = new Map(regionRows().map((r) => [r.code, r]));
    const all = platformIdentities(5_000);
    const byKey = new Map(all.map((p) => [p.key, p]));
    const levels = all.map((p) => regions.get(p.regionCode)!.level);
    // Level order: no platform of a higher level after one of a lower level (within the first round).
    const firstRound = levels.slice(0, all.findIndex((p) => p.key.endsWith('-2')));
    expect(firstRound.join(',')).toMatch(/^national(,provincial){31}(,prefectural)+(,county)+$/);
    expect(new Set(all.map((p) => p.key)).size).toBe(5_000);
    for (const p of all) {
      if (p.parentKey === null) {
        expect(p.regionCode).toBe('000000');
        continue;
      }
      const parent = byKey.get(p.parentKey)!;
      expect(parent.index).toBeLessThan(p.index);
      // A second node of the hub hangs under the hub itself.
      expect(parent.regionCode).toBe(regions.get(p.regionCode)!.parentCode ?? '000000');
    }
    expect(byKey.get('plat-420102')!.parentKey).toBe('plat-420100'); // 武汉市江岸区 → 武汉市
    expect(byKey.get('plat-429004')!.parentKey).toBe('plat-420000'); // 仙桃市 (directly under the province) → 湖北省
    expect(byKey.get('plat-110101')!.parentKey).toBe('plat-110000'); // 东城区 → 北京市
    expect(byKey.get('plat-420100')!.name).toBe('武汉市政务数据共享交换平台');
    expect(all.some((p) => p.regionCode.startsWith('71') || p.regionCode.startsWith('81'))).toBe(false);
    registryFileSchema.parse({
      format: 'dac-platform-registry',
      version: 1,
      platforms: all.map((p, i) => ({ ...p, endpoints: { health: `http://127.0.0.1:${10_000 + i}/health` } })).map(({ index: _i, ...p }) => p),
    });
  });
});

describe('npm run fleet', () => {
  it('runs as one process, writes the registry and stops on SIGTERM', async () => {
    const dir = tempDataDir('dac-fleet-');
    const registryFile = join(dir, 'registry.json');
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'fleet.mjs'), '--count', '40', '--registry-out', registryFile, '--control-port', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const line = await waitFor(() => /fleet ready (\{.*\})/.exec(output), (m) => m !== null, 30_000);
      expect(line, output).not.toBeNull();
      const ready = JSON.parse(line![1]!) as { count: number; controlUrl: string; pid: number };
      expect(ready).toMatchObject({ count: 40, pid: child.pid });
      const registry = registryFileSchema.parse(JSON.parse(readFileSync(registryFile, 'utf8')));
      // 1 hub + 31 provinces, then prefectures: the 40th is one of 河北省's, linked to its province.
      expect(registry.platforms[39]).toMatchObject({ regionCode: '130800', parentKey: 'plat-130000' });
      expect(await probe(registry.platforms[39]!.probe, registry.platforms[39]!.endpoints)).toMatchObject({ ok: true });
      expect((await call(`${ready.controlUrl}/state`)).json).toMatchObject({ count: 40 });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
