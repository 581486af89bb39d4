// `routelights sentinels`, `status` and `report` together, with the real Droid CLI: a run is recorded in
// the history (which survives the process), turns the route green, ticks the report; a draft is proven
// without touching any settings file; no key appears in anything printed.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHistory, historyPath } from '../../app/sentinels/history.ts';
import { cli } from '../helpers/cli.ts';
import { droidBinary, droidWithoutSessions } from '../helpers/droid.ts';
import { startOpenAiStub, type OpenAiStub } from '../helpers/openai-stub.ts';
import { CANARY } from '../helpers/canary.ts';
import { scratchDir } from '../helpers/scratch.ts';

let stub: OpenAiStub;
const SETTINGS = `{
  // the user's comment
  "customModels": [
    { "model": "echo", "id": "custom:Echo-[Local]-0", "index": 0, "baseUrl": "URL/v1", "apiKey": "${CANARY}", "provider": "generic-chat-completion-api" },
    { "model": "glm-5.1", "id": "custom:GLM-5.1-[ZAI]-1", "index": 1, "baseUrl": "https://api.z.ai/api/paas/v4", "apiKey": "\${ZAI_KEY_UNSET}", "provider": "generic-chat-completion-api" }
  ]
}
`;

beforeAll(async () => {
  stub = await startOpenAiStub({ models: ['echo'] });
});
afterAll(() => stub.close());

/** A machine of the test's own: settings with one working route and one whose key is set nowhere, and a data folder. */
function machine() {
  const home = scratchDir('rl-sent-cli-');
  const settingsPath = join(home, '.factory', 'settings.json');
  const dataHome = join(home, 'rl-data');
  mkdirSync(join(home, '.factory'), { recursive: true });
  writeFileSync(settingsPath, SETTINGS.replace('URL', stub.url));
  return { home, settingsPath, dataHome, env: { PATH: process.env.PATH, HOME: home, ROUTELIGHTS_HOME: dataHome, ROUTELIGHTS_MACHINE: 'mac-a' } as NodeJS.ProcessEnv };
}

describe('sentinels → status → report', () => {
  it('a draft without an id is refused, saying that Droid runs a route by its id and how to write one', async () => {
    const { env, home } = machine();
    const draft = join(home, 'draft.json');
    writeFileSync(draft, JSON.stringify({ model: 'echo', baseUrl: `${stub.url}/v1`, apiKey: 'k', provider: 'generic-chat-completion-api' }));
    const out = await cli(['sentinels', '--draft', draft, '--droid', droidBinary()], { env });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/Route 1 of the draft has no "id": Droid is told which route to run by its id\.\n {2}remedy: Give it one in the form "custom:<Name>-<index>"/);
  });

  it('a Droid without the session protocol: the routes are proven one droid exec each, and the command says so once', async () => {
    const { env, home } = machine();
    const old = droidWithoutSessions(home);
    const out = await cli(['sentinels', '--droid', old, '--route', 'custom:Echo-[Local]-0', '--timeout', '30'], { env });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr.match(/^Note: .*$/gm)).toEqual([expect.stringMatching(/^Note: Droid did not open a session \(.*unknown option '--input-format'.*\): each route ran as its own droid exec\.$/)]);
    expect(out.stdout).toMatch(/● pass\s+custom:Echo-\[Local\]-0/);
  });


  it('sentinels --json (exit 1: one route skipped), then status and report in new processes read its history', async () => {
    const { env, dataHome } = machine();
    // The keychain off: the unset key is then set nowhere at all (an unreadable keychain is said otherwise, B8).
    env.ROUTELIGHTS_KEYCHAIN = 'off';
    const out = await cli(['sentinels', '--json', '--droid', droidBinary(), '--timeout', '30'], { env });
    expect(out.stdout + out.stderr).not.toContain(CANARY);
    const doc = JSON.parse(out.stdout);
    expect(doc).toMatchObject({ machine: 'mac-a', startedAt: expect.any(String), finishedAt: expect.any(String) });
    const echo = doc.results.find((r: { routeId: string }) => r.routeId === 'custom:Echo-[Local]-0');
    expect(echo).toMatchObject({ verdict: 'pass', light: 'green' });
    expect(echo.reply).toBe(echo.token);
    const glm = doc.results.find((r: { routeId: string }) => r.routeId === 'custom:GLM-5.1-[ZAI]-1');
    expect(glm).toMatchObject({ verdict: 'skipped', light: 'red', reason: expect.stringMatching(/ZAI_KEY_UNSET is set nowhere/) });
    expect(out.code).toBe(1);
    const history = await readHistory(historyPath(dataHome));
    expect(history.map((h) => [h.machine, h.routeId, h.verdict])).toEqual([['mac-a', 'custom:Echo-[Local]-0', 'pass'], ['mac-a', 'custom:GLM-5.1-[ZAI]-1', 'skipped']]);
    expect(readFileSync(historyPath(dataHome), 'utf8')).not.toContain(CANARY);

    const status = await cli(['status', '--json', '--droid', droidBinary()], { env });
    const route = JSON.parse(status.stdout).routes.find((r: { id: string }) => r.id === 'custom:Echo-[Local]-0');
    expect(route).toMatchObject({ light: 'green', layer: 'sentinel', lastSentinel: { verdict: 'pass' } });

    const report = await cli(['report', '--md', '--droid', droidBinary()], { env });
    expect(report.stdout).not.toContain(CANARY);
    const lines = report.stdout.split('\n');
    expect(lines[0]).toBe('# Droid readiness — mac-a');
    expect(lines.filter((l) => l.startsWith('- ')).map((l) => l.slice(0, 6) + l.slice(6).split(' — ')[0])).toEqual([
      '- [ ] droid computer list shows the machine',
      '- [-] VibeProxy exposes the expected models',
      '- [ ] GLM routes use the Z.AI coding endpoint, not the generic one',
      '- [-] LiteLLM answers /v1/models with the proxy key',
      '- [ ] Droid returns exact sentinels for every route',
      '- [x] sentinel exact: custom:Echo-[Local]-0',
      '- [ ] sentinel exact: custom:GLM-5.1-[ZAI]-1',
      '- [x] No secrets appear in this report',
    ]);
    expect(report.stdout).toMatch(/generic endpoint: custom:GLM-5.1-\[ZAI\]-1 → https:\/\/api.z.ai\/api\/paas\/v4/);
    expect(report.code).toBe(1);
    const json = JSON.parse((await cli(['report', '--json', '--droid', droidBinary()], { env })).stdout);
    expect(json.items.at(-1)).toMatchObject({ id: 'no-secrets', ok: true });
  });

  it('--draft proves an unsaved route without touching settings.json or the history', async () => {
    const { home, env, settingsPath, dataHome } = machine();
    const before = readFileSync(settingsPath, 'utf8');
    const draft = join(home, 'draft.json');
    writeFileSync(draft, JSON.stringify({ model: 'echo', id: 'custom:Draft-[Local]-7', baseUrl: `${stub.url}/v1`, apiKey: '${DRAFT_KEY}', provider: 'generic-chat-completion-api' }));
    const out = await cli(['sentinels', '--json', '--draft', draft, '--droid', droidBinary()], { env: { ...env, DRAFT_KEY: 'draft-key-1' } });
    expect(JSON.parse(out.stdout).results).toEqual([expect.objectContaining({ routeId: 'custom:Draft-[Local]-7', verdict: 'pass' })]);
    expect(out.code).toBe(0);
    expect(stub.requests.some((r) => r.authorization === 'Bearer draft-key-1' && r.path === '/v1/chat/completions')).toBe(true);
    expect(readFileSync(settingsPath, 'utf8')).toBe(before);
    expect(existsSync(historyPath(dataHome))).toBe(false);
  });

  it('bad input: an unknown --route and a draft that cannot run exit 2', async () => {
    const { home, env } = machine();
    expect((await cli(['sentinels', '--route', 'custom:Nope', '--droid', droidBinary()], { env })).code).toBe(2);
    const draft = join(home, 'bad-draft.json');
    writeFileSync(draft, JSON.stringify({ model: 'echo', id: 'raw-id', baseUrl: `${stub.url}/v1`, provider: 'generic-chat-completion-api' }));
    const out = await cli(['sentinels', '--draft', draft, '--droid', droidBinary()], { env });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/does not start with "custom:"/);
  });

  it('the same id in your file and a project\'s: both are proven, and the table names each row\'s file (the skipped one too)', async () => {
    const { home, env } = machine();
    const project = join(home, 'repo');
    mkdirSync(join(project, '.factory'), { recursive: true });
    writeFileSync(join(project, '.factory', 'settings.json'), `{ "customModels": [ { "model": "echo", "id": "custom:Echo-[Local]-0", "index": 0, "baseUrl": "${stub.url}/v1", "apiKey": "project-key", "provider": "generic-chat-completion-api" } ] }`);
    expect((await cli(['projects', 'add', project], { env })).code).toBe(0);
    const out = await cli(['sentinels', '--droid', droidBinary(), '--timeout', '30'], { env });
    expect(out.code, out.stderr).toBe(1);
    const header = out.stdout.split('\n')[0]!;
    expect(header).toMatch(/^VERDICT\s+ROUTE\s+FILE\s+VERDICT S/);
    const rows = out.stdout.split('\n').filter((l) => l.includes('custom:Echo-[Local]-0'));
    expect(rows).toHaveLength(2);
    expect(rows.some((l) => /\bsettings\.json\b/.test(l) && !l.includes(project))).toBe(true);
    expect(rows.some((l) => l.includes(join(project, '.factory', 'settings.json')))).toBe(true);
  });
});
