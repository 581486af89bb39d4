// Droid misbehaving (stand-in binaries, since the real one does not do these things on purpose): missing,
// not executable, hanging forever, printing garbage, printing 20 MB, dying in the middle of its result
// line. Each ends in a clear reason within the deadline, with no process left behind.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Route } from '../../app/model/route.ts';
import { liveDroidGroups } from '../../app/sentinels/droid-process.ts';
import { runSentinels } from '../../app/sentinels/runner.ts';
import { startOpenAiStub, type OpenAiStub } from '../helpers/openai-stub.ts';
import { runnerOptions } from '../helpers/sentinel-env.ts';
import { scratchDir } from '../helpers/scratch.ts';

const home = scratchDir('rl-droid-faults-');
const settingsPath = join(home, '.factory', 'settings.json');
let stub: OpenAiStub;
let route: Route;

function fakeDroid(name: string, script: string, mode = 0o755): string {
  const path = join(home, name);
  writeFileSync(path, `#!/bin/sh\n${script}\n`);
  chmodSync(path, mode);
  return path;
}

beforeAll(async () => {
  stub = await startOpenAiStub({ models: ['echo'] });
  mkdirSync(join(home, '.factory'), { recursive: true });
  writeFileSync(settingsPath, '{}');
  route = { key: `${settingsPath}#custom:Echo-0`, id: 'custom:Echo-0', idDerived: false, model: 'echo', baseUrl: `${stub.url}/v1`, provider: 'generic-chat-completion-api', apiKey: 'k', extra: {}, schemaIssues: [], source: { kind: 'settings', path: settingsPath, position: 0, project: null } };
});
afterAll(() => stub.close());

async function run(droidPath: string, timeoutMs = 4_000) {
  const started = Date.now();
  const [result] = await runSentinels([{ route }], { ...runnerOptions(home, settingsPath, {}, { force: true, timeoutMs, graceMs: 1_000, earlyDiagnosisMs: 60_000 }), droidPath });
  const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  expect(liveDroidGroups()).toEqual([]);
  expect(ps.split('\n').filter((l) => l.includes(home))).toEqual([]);
  return { result: result!, ms: Date.now() - started };
}

describe('a misbehaving droid', () => {
  it('missing: named at once, not sent', async () => {
    const { result, ms } = await run(join(home, 'no-such-droid'));
    expect(result).toMatchObject({ verdict: 'skipped', layer: 'droid-account', reason: expect.stringMatching(/No executable droid at .*no-such-droid \(it does not exist\)/) });
    expect(ms).toBeLessThan(1_000);
  });

  it('not executable', async () => {
    const { result } = await run(fakeDroid('droid-644', 'exit 0', 0o644));
    expect(result.reason).toMatch(/\(it cannot be run\)/);
  });

  it('hanging forever: timed out within the deadline, the process group killed', async () => {
    const { result, ms } = await run(fakeDroid('droid-hang', 'sleep 1017'));
    expect(execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })).not.toContain('sleep 1017');
    expect(result).toMatchObject({ verdict: 'fail', reason: expect.stringMatching(/^Timed out after 4 s/) });
    expect(ms).toBeLessThan(4_000 + 6_000);
  });

  it('printing garbage: a failure that quotes it, shortened', async () => {
    const { result } = await run(fakeDroid('droid-garbage', 'head -c 3000 /dev/urandom | tr -c "a-z\\n" "?"; exit 3'));
    expect(result).toMatchObject({ verdict: 'fail' });
    expect(result.reason).toMatch(/^Droid failed \(/);
    expect((result.reply ?? '').length).toBeLessThanOrEqual(200);
  });

  it('printing 20 MB on one line: read within a cap, a clear failure', async () => {
    const { result } = await run(fakeDroid('droid-huge', 'head -c 20000000 /dev/zero | tr "\\0" "x"; exit 1'), 20_000);
    expect(result.verdict).toBe('fail');
    expect(result.reason.length).toBeLessThan(400);
  });

  it('exiting while its result line is half written', async () => {
    const { result } = await run(fakeDroid('droid-half', 'printf \'{"type":"result","subtype":"success","is_error":false,"result":"RL_ECH\'; exit 0'));
    expect(result).toMatchObject({ verdict: 'fail', reason: expect.stringMatching(/Droid failed \(\{"type":"result"/) });
  });
});
