// The bridge's doors: no token 401, wrong Host refused (DNS rebinding), another site's Origin refused,
// oversized bodies 413, malformed ones 400 with a message, no stack trace, never the canary key; the
// static files stay inside the window's folder; /metrics parses and has every route and surface.
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHODS } from '../../app/api/contract.ts';
import { BridgeMetrics } from '../../app/bridge/metrics.ts';
import { startBridge, type Bridge } from '../../app/bridge/server.ts';
import { RouteLightsService } from '../../app/service.ts';
import { CANARY } from '../helpers/canary.ts';
import { startOpenAiStub, type OpenAiStub } from '../helpers/openai-stub.ts';
import { scratchDir } from '../helpers/scratch.ts';

const TOKEN = 'bridge-token-abcdefghijklmnop';
let service: RouteLightsService;
let bridge: Bridge;
let stub: OpenAiStub;
let www: string;

interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A raw request, so that Host and Origin can be set as an attacker would. */
function raw(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: bridge.port, path, method: options.method ?? 'GET', headers: { host: `127.0.0.1:${bridge.port}`, ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

let settingsPath: string;
beforeAll(async () => {
  const home = scratchDir('rl-bridge-');
  stub = await startOpenAiStub({ models: ['echo'] });
  settingsPath = join(home, 'settings.json');
  writeFileSync(settingsPath, JSON.stringify({ customModels: [{ model: 'echo', id: 'custom:Echo-0', baseUrl: `${stub.url}/v1`, apiKey: CANARY, provider: 'generic-chat-completion-api' }] }));
  www = join(home, 'www');
  mkdirSync(www);
  writeFileSync(join(www, 'index.html'), '<!doctype html><title>RouteLights</title>');
  writeFileSync(join(home, 'outside.txt'), 'not for the browser');
  service = new RouteLightsService({ settingsPath, env: { PATH: process.env.PATH, HOME: home, ROUTELIGHTS_HOME: join(home, 'data'), ROUTELIGHTS_KEYCHAIN: 'off' }, store: null, droidPath: join(home, 'no-droid') });
  await service.start();
  bridge = await startBridge({ api: service, token: TOKEN, staticDir: www, metrics: new BridgeMetrics() });
});
afterAll(async () => {
  await bridge?.close();
  service?.stop();
  await stub?.close();
});

describe('the bridge refuses', () => {
  it('no token, and a wrong token: 401', async () => {
    expect((await raw('/api/snapshot', { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await raw('/api/snapshot', { method: 'POST', body: '{}', headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await raw('/metrics')).status).toBe(401);
  });

  it('a Host that is not the loopback address and port (DNS rebinding)', async () => {
    const answer = await raw('/api/snapshot', { method: 'POST', body: '{}', headers: { ...auth, host: 'evil.example:80' } });
    expect(answer.status).toBe(421);
    expect(JSON.parse(answer.body).error.reason).toMatch(/only to 127.0.0.1/);
  });

  it('an Origin of another site', async () => {
    expect((await raw('/api/snapshot', { method: 'POST', body: '{}', headers: { ...auth, origin: 'https://evil.example' } })).status).toBe(403);
    expect((await raw('/api/snapshot', { method: 'POST', body: '{}', headers: { ...auth, origin: `http://127.0.0.1:${bridge.port}` } })).status).toBe(200);
  });

  it('an oversized body: 413', async () => {
    const big = JSON.stringify({ entries: [{ pad: 'x'.repeat(2 * 1024 * 1024) }] });
    expect((await raw('/api/lint', { method: 'POST', body: big, headers: auth })).status).toBe(413);
  });

  it('a malformed body: 400 with a message that names the field, no stack trace', async () => {
    const bad = await raw('/api/saveRoutes', { method: 'POST', body: '{"changes": [{"kind": "teleport"}], "revision": 7}', headers: auth });
    expect(bad.status).toBe(400);
    const error = JSON.parse(bad.body).error;
    expect(error.reason).toMatch(/changes\.0\.kind|revision/);
    expect(bad.body).not.toMatch(/at .*\.ts:\d+/);
    expect((await raw('/api/lint', { method: 'POST', body: '{not json', headers: auth })).status).toBe(400);
    expect((await raw('/api/nope', { method: 'POST', body: '{}', headers: auth })).status).toBe(404);
    expect((await raw('/api/snapshot', { method: 'GET', headers: auth })).status).toBe(405);
  });

  it('paths outside the window\'s folder', async () => {
    expect((await raw('/')).status).toBe(200);
    expect((await raw('/')).headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect((await raw('/../outside.txt')).status).toBe(404);
    expect((await raw('/%2e%2e/outside.txt')).status).toBe(404);
  });
});

describe('no secret in any answer', () => {
  it('every method that reads, through the bridge, carries no canary', async () => {
    await raw('/api/refresh', { method: 'POST', body: '{}', headers: auth });
    for (const method of Object.keys(METHODS)) {
      if (['runSentinels', 'saveRoutes', 'keys.set', 'keys.delete', 'keys.move', 'backups.restore', 'backups.undo', 'backups.scrub', 'lint'].includes(method)) continue;
      const answer = await raw(`/api/${method}`, { method: 'POST', body: '{}', headers: auth });
      expect(answer.status, `${method}: ${answer.body}`).toBeLessThan(500);
      expect(answer.body).not.toContain(CANARY);
    }
    const lint = await raw('/api/lint', { method: 'POST', body: JSON.stringify({ entries: [{ id: 'custom:X-0', apiKey: CANARY }] }), headers: auth });
    expect(lint.body).not.toContain(CANARY);
  });
});

describe('/metrics', () => {
  it('parses as Prometheus text and has a light per route and per surface, no key, no credentials', async () => {
    await raw('/api/refresh', { method: 'POST', body: '{}', headers: auth });
    const answer = await raw('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(answer.status).toBe(200);
    expect(answer.body).not.toContain(CANARY);
    const families = parsePrometheusTextFormat(answer.body);
    const family = (name: string) => families.find((f) => f.name === name);
    expect(family('routelights_route_light')?.metrics).toEqual([expect.objectContaining({ labels: { route: 'custom:Echo-0', file: settingsPath, surface: stub.url }, value: '1' })]);
    expect(family('routelights_surface_light')?.metrics).toEqual([expect.objectContaining({ labels: { surface: stub.url, kind: 'openai-compatible' }, value: '0' })]);
    expect(family('routelights_probe_latency_seconds')?.type).toBe('HISTOGRAM');
    expect(Number(family('routelights_last_check_timestamp_seconds')?.metrics[0]?.value)).toBeGreaterThan(1.7e9);
    expect(family('routelights_sentinel_total')?.type).toBe('COUNTER');
  });
});
