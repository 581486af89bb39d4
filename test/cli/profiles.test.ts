// Two machines, one route map: export on machine A (one scratch HOME), import on machine B (another)
// with a per-machine base URL override; ids identical, never duplicated, no secret in the profile file,
// the real Droid CLI on B reaches the route after import; and the two reports compared line by line.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY } from '../helpers/canary.ts';
import { cli } from '../helpers/cli.ts';
import { droidBinary } from '../helpers/droid.ts';
import { startOpenAiStub, type OpenAiStub } from '../helpers/openai-stub.ts';
import { scratchDir } from '../helpers/scratch.ts';
import { appendHistory, historyPath } from '../../app/sentinels/history.ts';

const TOKEN_IN_HEADER = 'header-token-canary-1234567890';
let litellmA: OpenAiStub;
let litellmB: OpenAiStub;
const machine = (name: string) => {
  const home = scratchDir(`rl-${name}-`);
  mkdirSync(join(home, '.factory'));
  return { home, settings: join(home, '.factory', 'settings.json'), env: { PATH: process.env.PATH, HOME: home, ROUTELIGHTS_HOME: join(home, 'data'), ROUTELIGHTS_MACHINE: name, ROUTELIGHTS_KEYCHAIN: 'off' } as NodeJS.ProcessEnv };
};

beforeAll(async () => {
  litellmA = await startOpenAiStub({ models: ['gpt-5.5'] });
  litellmB = await startOpenAiStub({ models: ['gpt-5.5'] });
});
afterAll(async () => {
  await litellmA?.close();
  await litellmB?.close();
});

/** Two machines of the test's own: A with the shared routes, B with its own older copy and a route only it has. */
function machines() {
  const A = machine('mac-a');
  const B = machine('mac-b');
  writeFileSync(A.settings, JSON.stringify({ customModels: [
    { model: 'gpt-5.5', id: 'custom:gpt-5-5-[LiteLLM]-6', index: 6, baseUrl: `${litellmA.url}/v1`, apiKey: '${SHARED_LITELLM_KEY}', displayName: 'gpt-5.5 [LiteLLM]', provider: 'generic-chat-completion-api', extraHeaders: { 'X-Token': TOKEN_IN_HEADER } },
    { model: 'glm-5.1', id: 'custom:GLM-5.1-[ZAI]-1', index: 1, baseUrl: 'https://api.z.ai/api/coding/paas/v4', apiKey: CANARY, provider: 'generic-chat-completion-api' },
  ] }, null, 2));
  writeFileSync(B.settings, `{
  // machine B's own settings
  "customModels": [
    { "model": "gpt-5.4", "id": "custom:gpt-5-5-[LiteLLM]-6", "index": 6, "baseUrl": "http://old-host:4000/v1", "provider": "generic-chat-completion-api" },
    { "model": "echo", "id": "custom:Only-On-B-0", "index": 0, "baseUrl": "http://127.0.0.1:9/v1", "provider": "generic-chat-completion-api" }
  ]
}
`);
  return { A, B, profileFile: join(A.home, 'routes.profile.json') };
}

async function exported(A: ReturnType<typeof machine>, profileFile: string) {
  const out = await cli(['profile', 'export', '--out', profileFile], { env: A.env });
  expect(out.code).toBe(0);
  return out;
}

describe('profile export and import', () => {
  it('export on A: ids, models, base URLs and key names; no key value, no unknown field', async () => {
    const { A, profileFile } = machines();
    const out = await exported(A, profileFile);
    expect(out.stderr).toMatch(/plain-text keys were exported without them/);
    const text = readFileSync(profileFile, 'utf8');
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(TOKEN_IN_HEADER);
    const doc = JSON.parse(text);
    expect(doc).toMatchObject({ format: 'routelights-profile', version: 1, machine: 'mac-a' });
    expect(doc.routes.map((r: { id: string; keyName: string | null; plainTextKey: boolean }) => [r.id, r.keyName, r.plainTextKey])).toEqual([
      ['custom:gpt-5-5-[LiteLLM]-6', 'SHARED_LITELLM_KEY', false],
      ['custom:GLM-5.1-[ZAI]-1', null, true],
    ]);
  });

  it('--dry-run on B previews the merge, with the override, and writes nothing', async () => {
    const { A, B, profileFile } = machines();
    await exported(A, profileFile);
    const before = readFileSync(B.settings, 'utf8');
    const out = await cli(['profile', 'import', profileFile, '--dry-run', '--json', '--override', `${litellmA.url}=${litellmB.url}`], { env: B.env });
    expect(out.code).toBe(0);
    const plan = JSON.parse(out.stdout);
    expect(plan.changes.map((c: { routeId: string; action: string }) => [c.routeId, c.action])).toEqual([['custom:gpt-5-5-[LiteLLM]-6', 'update'], ['custom:GLM-5.1-[ZAI]-1', 'add']]);
    expect(plan.changes[0].fields.baseUrl).toEqual(['http://old-host:4000/v1', `${litellmB.url}/v1`]);
    expect(plan.missingKeys).toEqual(['SHARED_LITELLM_KEY']);
    expect(plan.withoutKey).toEqual(['custom:GLM-5.1-[ZAI]-1']);
    expect(readFileSync(B.settings, 'utf8')).toBe(before);
    expect(existsSync(join(B.home, 'data', 'base-url-overrides.json'))).toBe(false);
  });

  it('import on B: same ids, none duplicated, B keeps its own route and comment, base URL per machine', async () => {
    const { A, B, profileFile } = machines();
    await exported(A, profileFile);
    const out = await cli(['profile', 'import', profileFile, '--override', `${litellmA.url}=${litellmB.url}`], { env: B.env });
    expect(out.code).toBe(0);
    const text = readFileSync(B.settings, 'utf8');
    expect(text).toContain("// machine B's own settings");
    const ids = (parse(text) as { customModels: Array<{ id: string; baseUrl: string; model: string; apiKey?: string }> }).customModels;
    expect(ids.map((r) => r.id)).toEqual(['custom:gpt-5-5-[LiteLLM]-6', 'custom:Only-On-B-0', 'custom:GLM-5.1-[ZAI]-1']);
    expect(ids[0]).toMatchObject({ model: 'gpt-5.5', baseUrl: `${litellmB.url}/v1`, apiKey: '${SHARED_LITELLM_KEY}' });
    expect(text).not.toContain(CANARY);
    // The override is kept and re-applied by the next import, without --override.
    const again = await cli(['profile', 'import', profileFile, '--json'], { env: B.env });
    expect(JSON.parse(again.stdout).changes.map((c: { action: string }) => c.action)).toEqual(['unchanged', 'unchanged']);
  });

  it('the real Droid CLI on B reaches the imported route at B’s base URL', async () => {
    const { A, B, profileFile } = machines();
    await exported(A, profileFile);
    expect((await cli(['profile', 'import', profileFile, '--override', `${litellmA.url}=${litellmB.url}`], { env: B.env })).code).toBe(0);
    const env = { ...B.env, SHARED_LITELLM_KEY: 'shared-key-b' };
    const out = await cli(['sentinels', '--json', '--route', 'custom:gpt-5-5-[LiteLLM]-6', '--droid', droidBinary()], { env });
    expect(JSON.parse(out.stdout).results[0]).toMatchObject({ verdict: 'pass' });
    expect(litellmB.requests.some((r) => r.path.includes('/chat/completions') && r.authorization === 'Bearer shared-key-b')).toBe(true);
    expect(litellmA.requests.some((r) => r.path.includes('/chat/completions'))).toBe(false);
  });

  it('report --compare: the two machines line by line, differences first', async () => {
    const { A, B } = machines();
    // B proved its route an hour ago (its history says so); A never did.
    const passed = new Date(Date.now() - 3_600_000).toISOString();
    await appendHistory(historyPath(join(B.home, 'data')), 'mac-b', [{ routeId: 'custom:gpt-5-5-[LiteLLM]-6', routeKey: `${B.settings}#custom:gpt-5-5-[LiteLLM]-6`, token: 'RL_B_1', verdict: 'pass', light: 'green', layer: 'sentinel', reason: 'The reply was exactly the token.', remedy: 'Nothing to do.', reply: 'RL_B_1', verdictMs: 500, droidExitCode: 0, exitMs: 6_000, startedAt: passed, finishedAt: passed }]);
    const fileA = join(A.home, 'a.report.json');
    const fileB = join(B.home, 'b.report.json');
    writeFileSync(fileA, (await cli(['report', '--json', '--droid', droidBinary()], { env: A.env })).stdout);
    writeFileSync(fileB, (await cli(['report', '--json', '--droid', droidBinary()], { env: B.env })).stdout);
    const out = await cli(['report', '--compare', fileA, fileB], { env: B.env });
    expect(out.stdout).toMatch(/^# Droid readiness — mac-a vs mac-b/);
    const rows = out.stdout.split('\n').filter((l) => /^\| [≠=] \|/.test(l));
    const firstSame = rows.findIndex((r) => r.startsWith('| = |'));
    expect(rows.slice(0, firstSame).every((r) => r.startsWith('| ≠ |'))).toBe(true);
    expect(rows.slice(firstSame).every((r) => r.startsWith('| = |'))).toBe(true);
    expect(out.stdout).toMatch(/≠ \| sentinel exact: custom:gpt-5-5-\[LiteLLM\]-6 \| NO: no sentinel run yet \| yes: exact/);
    expect(out.code).toBe(1);
    expect((await cli(['report', '--compare', fileA], { env: B.env })).code).toBe(2);
  });
});
