// `routelights status` against a real CLIProxyAPI (VibeProxy's engine) behind a stand-in of VibeProxy's
// front proxy: up and listing, key rejected, model not exposed (explained from the accounts), engine
// down (502), not running. Never a path outside /v1 on the front port, never a key in the output.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotSchema } from '../../app/model/snapshot.ts';
import { startCliProxyApi, type CliProxyApi } from '../helpers/cliproxyapi.ts';
import { cli } from '../helpers/cli.ts';
import { droidBinary } from '../helpers/droid.ts';
import { startOpenAiStub, type OpenAiStub } from '../helpers/openai-stub.ts';
import { CANARY } from '../helpers/canary.ts';
import { scratchDir } from '../helpers/scratch.ts';
import { startVibeProxyFront, type VibeProxyFront } from '../helpers/vibeproxy-front.ts';

const KEY = CANARY;
const TOKEN_IN_AUTH_FILE = 'oauth-access-token-canary-77aa';
const dir = scratchDir('rl-vibe-');
let upstream: OpenAiStub;
let engine: CliProxyApi;
let front: VibeProxyFront;
let settingsPath: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  upstream = await startOpenAiStub({ models: ['echo-upstream'] });
  engine = await startCliProxyApi({ dir: join(dir, 'engine'), apiKeys: [KEY], upstream: { name: 'localstub', baseUrl: `${upstream.url}/v1`, models: [{ name: 'echo-upstream', alias: 'echo-model' }] } });
  front = await startVibeProxyFront(engine.port);
  const accounts = join(dir, 'cli-proxy-api');
  mkdirSync(accounts);
  writeFileSync(join(accounts, 'kimi-me@example.com.json'), JSON.stringify({ type: 'kimi', email: 'me@example.com', expired: '2026-01-01T00:00:00Z', access_token: TOKEN_IN_AUTH_FILE }));
  settingsPath = join(dir, 'settings.json');
  const base = `${front.url}/v1`;
  writeFileSync(settingsPath, JSON.stringify({ customModels: [
    { model: 'echo-model', id: 'custom:Echo-[VibeProxy]-0', index: 0, baseUrl: base, apiKey: '${VP_KEY}', provider: 'generic-chat-completion-api' },
    { model: 'claude-opus-4-6', id: 'custom:Opus-[VibeProxy]-1', index: 1, baseUrl: base, apiKey: '${VP_KEY}', provider: 'generic-chat-completion-api' },
    { model: 'kimi-k2.5', id: 'custom:Kimi-K2.5-[Kimi-Coding]-2', index: 2, baseUrl: base, apiKey: '${VP_KEY}', provider: 'generic-chat-completion-api' },
  ] }, null, 2));
  env = { PATH: process.env.PATH, HOME: dir, VP_KEY: KEY, ROUTELIGHTS_VIBEPROXY_PORTS: String(front.port), ROUTELIGHTS_VIBEPROXY_ENGINE_PORT: String(engine.port), ROUTELIGHTS_VIBEPROXY_AUTH_DIR: accounts, ROUTELIGHTS_MACHINE: 'test-mac' };
});

afterAll(async () => {
  await front?.close();
  await engine?.stop();
  await upstream?.close();
});

async function status(extraEnv: NodeJS.ProcessEnv = {}) {
  const out = await cli(['status', '--json', '--settings', settingsPath, '--droid', droidBinary()], { env: { ...env, ...extraEnv } });
  expect(out.stdout + out.stderr).not.toContain(KEY);
  expect(out.stdout + out.stderr).not.toContain(TOKEN_IN_AUTH_FILE);
  const doc = JSON.parse(out.stdout);
  snapshotSchema.pick({ machine: true, overall: true }).parse(doc);
  return { code: out.code, doc, route: (id: string) => doc.routes.find((r: { id: string }) => r.id === id), surface: doc.surfaces.find((s: { kind: string }) => s.kind === 'vibeproxy') };
}

describe('VibeProxy (real CLIProxyAPI engine)', () => {
  it('up and listing: the listed route is unproven (yellow), missing models are explained', async () => {
    const s = await status();
    // Up and listing, yellow only for the expired account it names.
    expect(s.surface).toMatchObject({ light: 'yellow', origin: front.url, reason: expect.stringMatching(/up and lists 1 model\(s\).*but: VibeProxy account kimi me@example.com: token expired/) });
    expect(s.surface.models).toContain('echo-model');
    expect(s.route('custom:Echo-[VibeProxy]-0')).toMatchObject({ light: 'yellow', layer: 'sentinel' });
    expect(s.route('custom:Echo-[VibeProxy]-0').reason).toMatch(/Unproven/);
    const opus = s.route('custom:Opus-[VibeProxy]-1');
    expect(opus.light).toBe('red');
    expect(opus.reason).toMatch(/does not list "claude-opus-4-6": no Claude account is logged in/);
    const kimi = s.route('custom:Kimi-K2.5-[Kimi-Coding]-2');
    expect(kimi.light).toBe('red');
    expect(kimi.reason).toMatch(/Kimi account is me@example.com \(token expired/);
    expect(s.surface.notes.map((n: { message: string }) => n.message).join(' ')).toMatch(/kimi me@example.com: token expired/);
    expect(s.code).toBe(1);
    expect(s.doc.machine).toBe('test-mac');
  });

  it('key rejected', async () => {
    const s = await status({ VP_KEY: 'not-the-key' });
    expect(s.surface).toMatchObject({ light: 'red', reason: expect.stringMatching(/rejected the route's key \("Invalid API key"\)/) });
    expect(s.code).toBe(1);
    expect(s.route('custom:Echo-[VibeProxy]-0')).toMatchObject({ light: 'red', layer: 'surface' });
  });

  it('a ${VAR} that is set nowhere is the route\'s own problem, named as such', async () => {
    // With the keychain off, nowhere means nowhere (an unreadable keychain is said otherwise: keychain.test.ts, B8).
    const s = await status({ VP_KEY: '', ROUTELIGHTS_KEYCHAIN: 'off' });
    expect(s.route('custom:Echo-[VibeProxy]-0')).toMatchObject({ light: 'red', layer: 'route', reason: expect.stringMatching(/VP_KEY is set nowhere/) });
  });

  it('engine down behind a running VibeProxy: 502 Bad Gateway, then the engine port is checked', async () => {
    const stoppedEngine = await startCliProxyApi({ dir: join(dir, 'engine2'), apiKeys: [KEY] });
    const front2 = await startVibeProxyFront(stoppedEngine.port);
    await stoppedEngine.stop();
    try {
      const path = join(dir, 'engine-down.json');
      writeFileSync(path, JSON.stringify({ customModels: [{ model: 'echo-model', id: 'custom:Echo-0', baseUrl: `${front2.url}/v1`, apiKey: '${VP_KEY}', provider: 'generic-chat-completion-api' }] }));
      const out = await cli(['status', '--json', '--settings', path, '--droid', droidBinary()], { env: { ...env, ROUTELIGHTS_VIBEPROXY_PORTS: String(front2.port), ROUTELIGHTS_VIBEPROXY_ENGINE_PORT: String(stoppedEngine.port) } });
      const surface = JSON.parse(out.stdout).surfaces[0];
      expect(surface.light).toBe('red');
      expect(surface.reason).toMatch(/running but its CLIProxyAPI engine is not answering \(502 Bad Gateway; its engine on :\d+ is not listening\)/);
      expect(front2.outsidePaths).toEqual([]);
    } finally {
      await front2.close();
    }
  });

  it('not running: nothing listens on the port', async () => {
    const closed = await startVibeProxyFront(engine.port);
    const port = closed.port;
    await closed.close();
    writeFileSync(join(dir, 'down.json'), JSON.stringify({ customModels: [{ model: 'echo-model', id: 'custom:Echo-0', baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: '${VP_KEY}', provider: 'generic-chat-completion-api' }] }));
    const out = await cli(['status', '--json', '--settings', join(dir, 'down.json'), '--droid', droidBinary()], { env: { ...env, ROUTELIGHTS_VIBEPROXY_PORTS: String(port) } });
    const doc = JSON.parse(out.stdout);
    expect(doc.surfaces[0]).toMatchObject({ kind: 'vibeproxy', light: 'red', reason: expect.stringMatching(/VibeProxy is not running/) });
    expect(doc.routes[0]).toMatchObject({ light: 'red', remedy: expect.stringMatching(/Start VibeProxy/) });
  });

  it('where Droid would post without /v1, the real engine answers 404: that route is red, naming the path; with /v1 the path exists', async () => {
    const path = join(dir, 'wire.json');
    writeFileSync(path, JSON.stringify({ customModels: [
      { model: 'echo-model', id: 'custom:No-V1-0', index: 0, baseUrl: engine.url, apiKey: '${VP_KEY}', provider: 'generic-chat-completion-api' },
      { model: 'echo-model', id: 'custom:With-V1-1', index: 1, baseUrl: `${engine.url}/v1`, apiKey: '${VP_KEY}', provider: 'generic-chat-completion-api' },
    ] }));
    const out = await cli(['status', '--json', '--settings', path, '--droid', droidBinary()], { env });
    expect(out.stdout).not.toContain(KEY);
    const routes = JSON.parse(out.stdout).routes as Array<{ id: string; light: string; layer: string; reason: string }>;
    expect(routes.find((r) => r.id === 'custom:No-V1-0')).toMatchObject({ light: 'red', layer: 'route', reason: expect.stringContaining(`Droid will call POST /chat/completions on ${engine.url}`) });
    expect(routes.find((r) => r.id === 'custom:With-V1-1')).toMatchObject({ light: 'yellow', reason: expect.stringContaining("Droid's path /v1/chat/completions exists") });
  });

  it('never asked the front port for anything outside /v1', () => {
    expect(front.outsidePaths).toEqual([]);
  });
});
