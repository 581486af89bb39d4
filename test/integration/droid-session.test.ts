// The Droid session protocol as RouteLights relies on it, on the real binary (docs/droid-notes.md,
// "Sentinels through one Droid process"): a Droid update that changes it turns one of these red, naming
// the fact that no longer holds. And the fallback: a Droid without the protocol gets one droid exec per
// route, said once.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveDroidGroups } from '../../app/sentinels/droid-process.ts';
import { DroidSession, SessionUnavailable } from '../../app/sentinels/droid-session.ts';
import { runSentinels, type SentinelProgress } from '../../app/sentinels/runner.ts';
import { SessionHost } from '../../app/sentinels/session-host.ts';
import { loadRouteMap } from '../../app/settings/route-map.ts';
import { droidBinary, droidWithoutSessions } from '../helpers/droid.ts';
import { startOpenAiStub, type OpenAiStub } from '../helpers/openai-stub.ts';
import { scratchDir } from '../helpers/scratch.ts';
import { runnerOptions } from '../helpers/sentinel-env.ts';
import { sources } from '../helpers/sources.ts';

const home = scratchDir('rl-session-');
const settingsPath = join(home, '.factory', 'settings.json');
let a: OpenAiStub;
let b: OpenAiStub;
let rejecting: OpenAiStub;
let hung: OpenAiStub;

const entry = (id: string, stub: OpenAiStub, index: number) => ({ model: 'echo', id, index, baseUrl: `${stub.url}/v1`, apiKey: 'sk-session-test', provider: 'generic-chat-completion-api' });
const FACT = 'Droid 0.225.2 measured (docs/droid-notes.md) no longer holds:';

beforeAll(async () => {
  [a, b, rejecting, hung] = await Promise.all([startOpenAiStub(), startOpenAiStub(), startOpenAiStub(), startOpenAiStub()]);
  rejecting.behaviour = { kind: 'status', status: 401, body: { error: { message: 'Invalid API key' } } };
  hung.behaviour = { kind: 'hang' };
  mkdirSync(join(home, '.factory'), { recursive: true });
  writeFileSync(settingsPath, JSON.stringify({ customModels: [entry('custom:A-0', a, 0), entry('custom:B-1', b, 1), entry('custom:Rejecting-2', rejecting, 2), entry('custom:Hung-3', hung, 3)] }));
});
afterAll(async () => {
  await Promise.all([a, b, rejecting, hung].map((s) => s?.close()));
});

const open = () => DroidSession.open({ droidPath: droidBinary(), env: { PATH: process.env.PATH, HOME: home }, cwd: home, machineId: 'test' }, 'custom:A-0');
const never = new Promise<string>(() => undefined);

describe('the Droid session protocol (stream-jsonrpc) on the real binary', () => {
  it('one process serves routes on two servers in turn, each reaching its own server, each reply exact', async () => {
    const session = await open();
    try {
      expect(session.customIds, `${FACT} initialize_session lists the custom models`).toEqual(expect.arrayContaining(['custom:A-0', 'custom:B-1']));
      const [beforeA, beforeB] = [a.requests.length, b.requests.length];
      const first = await session.turn('custom:A-0', 'Reply exactly: RL_SESSION_A', { stop: never });
      expect(first, `${FACT} a turn completes with the assistant's text`).toMatchObject({ reason: 'completed', text: 'RL_SESSION_A', errors: [] });
      const second = await session.turn('custom:B-1', 'Reply exactly: RL_SESSION_B', { stop: never });
      expect(second, `${FACT} update_session_settings switches the model for the next turn`).toMatchObject({ reason: 'completed', text: 'RL_SESSION_B' });
      expect(a.requests.slice(beforeA).filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(1);
      expect(b.requests.slice(beforeB).filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(1);
    } finally {
      await session.close();
    }
    expect(liveDroidGroups()).toEqual([]);
  });

  it("a rejected key: Droid's own upstream words and model_authentication_failed; the process serves on", async () => {
    const session = await open();
    try {
      const rejected = await session.turn('custom:Rejecting-2', 'Reply exactly: RL_SESSION_R', { stop: never });
      expect(rejected, `${FACT} a 401 is an error notification with the upstream text`).toMatchObject({ reason: 'model_authentication_failed', errors: [expect.stringMatching(/401 Invalid API key/)] });
      expect(await session.turn('custom:A-0', 'Reply exactly: RL_SESSION_AFTER', { stop: never })).toMatchObject({ reason: 'completed', text: 'RL_SESSION_AFTER' });
    } finally {
      await session.close();
    }
  });

  it('an id Droid does not know: its own words, and the process serves on', async () => {
    const session = await open();
    try {
      const unknown = await session.turn('custom:Nope-9', 'Reply exactly: RL_SESSION_N', { stop: never });
      expect(unknown, `${FACT} an unknown custom id ends the turn with "Custom model configuration is unavailable"`).toMatchObject({ reason: 'error', errors: [expect.stringMatching(/Custom model configuration is unavailable/)] });
      expect(await session.turn('custom:A-0', 'Reply exactly: RL_SESSION_AFTER2', { stop: never })).toMatchObject({ reason: 'completed' });
    } finally {
      await session.close();
    }
  });

  it('a hung upstream: RouteLights ends the turn (interrupt_session), and the next turn completes', async () => {
    const session = await open();
    try {
      const stop = new Promise<string>((r) => setTimeout(() => r('deadline'), 1_500));
      const t0 = Date.now();
      expect(await session.turn('custom:Hung-3', 'Reply exactly: RL_SESSION_H', { stop })).toMatchObject({ reason: 'deadline' });
      expect(Date.now() - t0).toBeLessThan(5_000);
      expect(await session.turn('custom:A-0', 'Reply exactly: RL_SESSION_AFTER3', { stop: never }), `${FACT} after interrupt_session the session takes the next turn`).toMatchObject({ reason: 'completed', text: 'RL_SESSION_AFTER3' });
    } finally {
      await session.close();
    }
    expect(liveDroidGroups()).toEqual([]);
  });
});

describe('the session host', () => {
  it('keeps an idle session for the next run, starts anew after the files change, and ends both after the idle period', async () => {
    const map = await loadRouteMap(sources(settingsPath));
    if (!map.ok) throw new Error(map.failure.reason);
    const targets = map.value.routes.filter((r) => r.id === 'custom:A-0' || r.id === 'custom:B-1').map((route) => ({ route }));
    const host = new SessionHost(4_000);
    const run = async (revision: string) => (await runSentinels(targets, { ...runnerOptions(home, settingsPath, {}, { sessions: host }), revision })).map((r) => r.verdict);
    expect(await run('r1')).toEqual(['pass', 'pass']);
    const first = liveDroidGroups();
    expect(first).toHaveLength(1);
    expect(await run('r1')).toEqual(['pass', 'pass']);
    expect(liveDroidGroups(), 'the same process served the second run').toEqual(first);
    expect(await run('r2')).toEqual(['pass', 'pass']);
    expect(liveDroidGroups(), 'after a change on disk, a new process').toHaveLength(2);
    await expect.poll(() => liveDroidGroups(), { timeout: 15_000 }).toEqual([]);
    await host.stop();
  });
});

describe('the fallback', () => {
  it('a Droid without the session protocol: SessionUnavailable, then one droid exec per route, said once', async () => {
    const old = droidWithoutSessions(home);
    await expect(DroidSession.open({ droidPath: old, env: { PATH: process.env.PATH, HOME: home }, cwd: home, machineId: 'test' }, 'custom:A-0')).rejects.toBeInstanceOf(SessionUnavailable);

    const map = await loadRouteMap(sources(settingsPath));
    if (!map.ok) throw new Error(map.failure.reason);
    const routes = map.value.routes.filter((r) => r.id === 'custom:A-0' || r.id === 'custom:B-1');
    const events: SentinelProgress[] = [];
    const results = await runSentinels(routes.map((route) => ({ route })), { ...runnerOptions(home, settingsPath, {}, { onProgress: (e) => events.push(e), sessions: new SessionHost(0) }), droidPath: old });
    expect(results.map((r) => r.verdict)).toEqual(['pass', 'pass']);
    expect(results.every((r) => r.exitMs !== null), 'each route ran as its own droid exec').toBe(true);
    expect(events.filter((e) => e.kind === 'note')).toEqual([{ kind: 'note', text: expect.stringMatching(/^Droid did not open a session \(.*\): each route ran as its own droid exec\.$/) }]);
    expect(liveDroidGroups()).toEqual([]);
  });
});
