// Sentinels through the real Droid, both ways: as turns on a Droid session process (the default) and
// as one `droid exec` per route (the fallback): passes through a local OpenAI-compatible server and
// through a real LiteLLM proxy forwarding to it; every wrong door gets its own reason within its
// deadline; the verdict comes before Droid exits; no droid process is left behind.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Route } from '../../app/model/route.ts';
import { loadRouteMap } from '../../app/settings/route-map.ts';
import { liveDroidGroups } from '../../app/sentinels/droid-process.ts';
import { runSentinels, type RunnerOptions, type SentinelProgress } from '../../app/sentinels/runner.ts';
import { SessionHost } from '../../app/sentinels/session-host.ts';
import { startLiteLlm, type LiteLlm } from '../helpers/litellm.ts';
import { startOpenAiStub, type OpenAiStub } from '../helpers/openai-stub.ts';
import { runnerOptions } from '../helpers/sentinel-env.ts';
import { scratchDir } from '../helpers/scratch.ts';
import { freePort } from '../helpers/tools.ts';
import { sources } from '../helpers/sources.ts';

const home = scratchDir('rl-sentinel-home-');
const settingsPath = join(home, '.factory', 'settings.json');
let ok: OpenAiStub;
let unauthorized: OpenAiStub;
let kimiGate: OpenAiStub;
let zaiBalance: OpenAiStub;
let silent: OpenAiStub;
let litellm: LiteLlm;
let refusedPort: number;

const entry = (id: string, baseUrl: string, model = 'echo', apiKey = '${ECHO_KEY}') => ({ model, id, index: 0, baseUrl, apiKey, provider: 'generic-chat-completion-api' });

beforeAll(async () => {
  ok = await startOpenAiStub({ models: ['echo'] });
  unauthorized = await startOpenAiStub();
  unauthorized.behaviour = { kind: 'status', status: 401, body: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } } };
  kimiGate = await startOpenAiStub();
  kimiGate.behaviour = { kind: 'status', status: 403, body: { error: { message: 'Kimi For Coding is currently only available for Coding Agents such as Kimi CLI, Claude Code, Roo Code, Kilo Code, etc.', type: 'access_terminated_error' } } };
  zaiBalance = await startOpenAiStub();
  zaiBalance.behaviour = { kind: 'status', status: 429, body: { error: { code: '1113', message: 'Insufficient balance or no resource package. Please recharge.' } } };
  silent = await startOpenAiStub();
  silent.behaviour = { kind: 'hang' };
  refusedPort = await freePort();
  litellm = await startLiteLlm(home, [{ alias: 'echo-via-litellm', forwardTo: `${ok.url}/v1`, upstreamModel: 'echo' }]);
  mkdirSync(join(home, '.factory'), { recursive: true });
  writeFileSync(settingsPath, JSON.stringify({ customModels: [
    entry('custom:Echo-[Local]-0', `${ok.url}/v1`),
    { ...entry('custom:Echo-[LiteLLM]-1', `${litellm.url}/v1`, 'echo-via-litellm', '${LITELLM_KEY}'), index: 1 },
    { ...entry('custom:Unauthorized-2', `${unauthorized.url}/v1`), index: 2 },
    { ...entry('custom:Kimi-Gate-3', `${kimiGate.url}/v1`), index: 3 },
    { ...entry('custom:GLM-Balance-4', `${zaiBalance.url}/v1`), index: 4 },
    { ...entry('custom:Refused-5', `http://127.0.0.1:${refusedPort}/v1`), index: 5 },
    { ...entry('custom:Silent-6', `${silent.url}/v1`), index: 6 },
  ] }, null, 2));
});

afterAll(async () => {
  await litellm?.stop();
  await Promise.all([ok, unauthorized, kimiGate, zaiBalance, silent].map((s) => s?.close()));
});

async function routes(): Promise<Map<string, Route>> {
  const map = await loadRouteMap(sources(settingsPath));
  if (!map.ok) throw new Error(map.failure.reason);
  return new Map(map.value.routes.map((r) => [r.id, r]));
}

function env() {
  return { ECHO_KEY: 'echo-key-1', LITELLM_KEY: litellm.masterKey };
}

function noDroidLeft(): void {
  expect(liveDroidGroups()).toEqual([]);
  const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  expect(ps.split('\n').filter((l) => l.includes('routelights-sentinel-') && !l.includes('ps -eo'))).toEqual([]);
}

describe.each([
  ['a Droid session (the default)', 'session'],
  ['one droid exec per route (the fallback)', 'exec'],
] as const)('sentinels through %s', (_name, mode) => {
  /** The runner's options in this mode: a host that ends its sessions with the run, or none. */
  const options = (extra: Partial<RunnerOptions> = {}) => runnerOptions(home, settingsPath, env(), { ...extra, sessions: mode === 'session' ? new SessionHost(0) : null });

  it('pass: direct and through a real LiteLLM proxy; the verdict comes before Droid exits', async () => {
    const all = await routes();
    const events: SentinelProgress[] = [];
    const results = await runSentinels([{ route: all.get('custom:Echo-[Local]-0')! }, { route: all.get('custom:Echo-[LiteLLM]-1')! }], options({ onProgress: (e) => events.push(e) }));
    for (const r of results) {
      expect(r, r.reason).toMatchObject({ verdict: 'pass', light: 'green', reply: r.token });
      expect(r.token).toMatch(/^RL_ECHO_/);
      if (mode === 'exec') expect(r.verdictMs).toBeLessThan(r.exitMs!);
      else expect(r.verdictMs).toBeLessThan(5_000);
      const order = events.filter((e) => (e.kind === 'verdict' || e.kind === 'exited') && e.result.routeId === r.routeId).map((e) => e.kind);
      expect(order).toEqual(['verdict', 'exited']);
    }
    expect(ok.requests.some((q) => q.authorization === 'Bearer echo-key-1')).toBe(true);
    noDroidLeft();
  });

  it('each wrong door gets its own reason and remedy, within its deadline', async () => {
    const all = await routes();
    const ids = ['custom:Unauthorized-2', 'custom:Kimi-Gate-3', 'custom:GLM-Balance-4', 'custom:Refused-5', 'custom:Silent-6'];
    const timeoutMs = 30_000;
    const started = Date.now();
    const results = await runSentinels(ids.map((id) => ({ route: all.get(id)! })), options({ force: true, timeoutMs, concurrency: 5 }));
    const by = new Map(results.map((r) => [r.routeId, r]));
    expect(by.get('custom:Unauthorized-2')).toMatchObject({ verdict: 'fail', layer: 'surface', reason: expect.stringMatching(/refused the key \(401/) });
    expect(by.get('custom:Kimi-Gate-3')).toMatchObject({ verdict: 'fail', reason: expect.stringMatching(/only open to allowlisted coding agents/), remedy: expect.stringMatching(/VibeProxy's Kimi OAuth/) });
    expect(by.get('custom:GLM-Balance-4')).toMatchObject({ verdict: 'fail', reason: expect.stringMatching(/balance is exhausted.*1113/) });
    expect(by.get('custom:Refused-5')).toMatchObject({ verdict: 'fail', reason: expect.stringMatching(/Nothing listens/) });
    expect(by.get('custom:Silent-6')).toMatchObject({ verdict: 'fail', reason: expect.stringMatching(/did not answer/) });
    for (const r of results) {
      expect(r.verdictMs!, r.routeId).toBeLessThanOrEqual(timeoutMs + 3_000);
      expect(r.reason).not.toContain('echo-key-1');
    }
    // Droid retries a 429 for about 85 s; the door check names it long before.
    expect(by.get('custom:GLM-Balance-4')!.verdictMs!).toBeLessThan(20_000);
    expect(Date.now() - started).toBeLessThan(timeoutMs + 15_000);
    noDroidLeft();
  });

  it('preflight: a route whose surface is red is not sent to Droid, and says why at once', async () => {
    const all = await routes();
    const snapshot = { routes: [{ key: all.get('custom:Refused-5')!.key, id: 'custom:Refused-5', light: 'red', layer: 'surface', reason: 'Nothing listens at …', remedy: 'Start it.' }] } as never;
    const [r] = await runSentinels([{ route: all.get('custom:Refused-5')! }], options({ snapshot }));
    expect(r).toMatchObject({ verdict: 'skipped', light: 'red', reason: 'Not sent to Droid: Nothing listens at …', verdictMs: null, droidExitCode: null });
  });

  it('the raw-model-name trap and an id Droid does not know', async () => {
    const all = await routes();
    // glm-5.1 is also one of Droid's built-in model names: the trap bites (a name that is not built in is matched to a custom model by its "model", measured).
    const raw = { ...all.get('custom:Echo-[Local]-0')!, id: 'glm-5.1' };
    const unknown = { ...all.get('custom:Echo-[Local]-0')!, id: 'custom:Not-In-Settings-9' };
    const results = await runSentinels([{ route: raw }, { route: unknown }], options({ force: true }));
    expect(results[0], JSON.stringify(results[0])).toMatchObject({ verdict: 'fail', layer: 'route', reason: expect.stringMatching(/raw-model-name trap/) });
    expect(results[1]).toMatchObject({ verdict: 'fail', layer: 'route', reason: expect.stringMatching(/Droid does not know the id custom:Not-In-Settings-9: it sees custom:Echo-\[Local\]-0, /) });
    noDroidLeft();
  });

  it('a hung Droid ends as timed out, with the process gone; cancel kills at once', async () => {
    const all = await routes();
    const slow = options({ force: true, timeoutMs: 3_000, earlyDiagnosisMs: 60_000 });
    const [timedOut] = await runSentinels([{ route: all.get('custom:Silent-6')! }], slow);
    expect(timedOut).toMatchObject({ verdict: 'fail', reason: expect.stringMatching(/^Timed out after 3 s; /) });
    noDroidLeft();
    const controller = new AbortController();
    const running = runSentinels([{ route: all.get('custom:Silent-6')! }], { ...options({ force: true, earlyDiagnosisMs: 60_000 }), timeoutMs: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 1_000);
    const [cancelled] = await running;
    expect(cancelled).toMatchObject({ verdict: 'skipped', reason: 'Cancelled.' });
    noDroidLeft();
  });
});
