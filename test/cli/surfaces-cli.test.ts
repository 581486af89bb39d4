// Declaring what an origin is, from the terminal: `surfaces set` and `surfaces list`, the environment's
// ROUTELIGHTS_SURFACE_KINDS winning (and its bad entries named by lint), and `status` showing the usage
// a declared Z.AI stand-in gives (a USAGE table, a QUOTA column) when it runs the service itself.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch.ts';
import { startUsageStandIn, type UsageStandIn } from '../helpers/usage-standin.ts';

let standIn: UsageStandIn;
beforeAll(async () => {
  standIn = await startUsageStandIn();
});
afterAll(() => standIn.close());

function machine(env: Record<string, string> = {}) {
  const home = scratchDir();
  const settings = join(home, 'settings.json');
  writeFileSync(settings, JSON.stringify({ customModels: [{ model: 'glm-5.1', id: 'custom:GLM-0', baseUrl: `${standIn.url}/api/coding/paas/v4`, apiKey: '${ZAI_KEY}', provider: 'generic-chat-completion-api' }] }));
  return { settings, env: { PATH: process.env.PATH!, HOME: home, ROUTELIGHTS_HOME: join(home, 'data'), ROUTELIGHTS_KEYCHAIN: 'off', ZAI_KEY: 'zai-cli-key-0123456789', ...env } };
}

describe('routelights surfaces', () => {
  it('set declares a kind and a threshold, list shows them, auto and default clear them', async () => {
    const m = machine();
    const set = await cli(['surfaces', 'set', `${standIn.url}/`, '--kind', 'zai', '--low', '15', '--settings', m.settings], { env: m.env });
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(new RegExp(`${standIn.url}\\s+zai\\s+15 %`));
    const list = JSON.parse((await cli(['surfaces', 'list', '--json', '--settings', m.settings], { env: m.env })).stdout);
    expect(list.surfaces).toEqual([{ origin: standIn.url, kind: 'zai', kindFromEnv: false, lowPercent: 15 }]);
    const routes = JSON.parse((await cli(['routes', 'list', '--json', '--settings', m.settings], { env: m.env })).stdout);
    expect(routes.routes[0].surface.kind).toBe('zai');
    await cli(['surfaces', 'set', standIn.url, '--kind', 'auto', '--low', 'default', '--settings', m.settings], { env: m.env });
    expect((await cli(['surfaces', 'list', '--settings', m.settings], { env: m.env })).stdout).toMatch(/No surface declared: kinds come from the host names, and usage warns below 10 % left/);
  });

  it('a kind that is not one, a threshold that is not a share, and a kind the environment sets: exit 2, each with its remedy', async () => {
    const m = machine({ ROUTELIGHTS_SURFACE_KINDS: `${standIn.url}=kimi` });
    const bad = await cli(['surfaces', 'set', standIn.url, '--kind', 'glm', '--settings', m.settings], { env: m.env });
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining('"glm" is not a surface kind') });
    expect(bad.stderr).toContain('Give one of vibeproxy, litellm, zai, kimi, openai-compatible, anthropic-compatible, or "auto".');
    expect(await cli(['surfaces', 'set', standIn.url, '--low', '120', '--settings', m.settings], { env: m.env })).toMatchObject({ code: 2, stderr: expect.stringContaining('--low 120 is not a share between 0 and 100') });
    const env = await cli(['surfaces', 'set', standIn.url, '--kind', 'zai', '--settings', m.settings], { env: m.env });
    expect(env).toMatchObject({ code: 2, stderr: expect.stringContaining('ROUTELIGHTS_SURFACE_KINDS in the environment of this command sets the kind of') });
    expect(JSON.parse((await cli(['surfaces', 'list', '--json', '--settings', m.settings], { env: m.env })).stdout).surfaces).toEqual([{ origin: standIn.url, kind: 'kimi', kindFromEnv: true, lowPercent: null }]);
  });

  it('a broken surfaces.json is named by lint and status, and never written over', async () => {
    const m = machine();
    mkdirSync(m.env.ROUTELIGHTS_HOME, { recursive: true });
    const file = join(m.env.ROUTELIGHTS_HOME, 'surfaces.json');
    const broken = `{ "surfaces": { "${standIn.url}": { "kind": "zai", } } }`;
    writeFileSync(file, broken);
    const lint = JSON.parse((await cli(['lint', '--json', '--settings', m.settings], { env: m.env })).stdout);
    expect(lint.findings).toContainEqual(expect.objectContaining({ rule: 'surface-kinds', message: `${file} is not JSON: the surface kinds and thresholds in it are not used, and RouteLights does not write over it.`, remedy: 'Fix the file (a trailing comma?) or remove it to start afresh.' }));
    const set = await cli(['surfaces', 'set', standIn.url, '--low', '20', '--settings', m.settings], { env: m.env });
    expect(set).toMatchObject({ code: 2, stderr: expect.stringContaining('is not JSON') });
    expect(readFileSync(file, 'utf8')).toBe(broken);
  });

  it('lint names an entry of ROUTELIGHTS_SURFACE_KINDS it cannot read, and the rest still apply', async () => {
    const m = machine({ ROUTELIGHTS_SURFACE_KINDS: `${standIn.url}=zai,gateway=kimi` });
    const out = JSON.parse((await cli(['lint', '--json', '--settings', m.settings], { env: m.env })).stdout);
    expect(out.findings).toContainEqual(expect.objectContaining({ rule: 'surface-kinds', severity: 'warning', message: 'ROUTELIGHTS_SURFACE_KINDS: "gateway=kimi" does not start with an http(s) origin and "=". That entry is ignored.' }));
    // status says it too (on stderr), and still declares the entry that could be read.
    const status = await cli(['status', '--json', '--settings', m.settings, '--droid', join(m.env.HOME, 'no-droid')], { env: m.env });
    expect(status.stderr).toContain('routelights: warning: [surface] ROUTELIGHTS_SURFACE_KINDS: "gateway=kimi" does not start with an http(s) origin');
    expect(JSON.parse(status.stdout).surfaces[0]).toMatchObject({ kind: 'zai', kindDeclared: true });
  });
});

describe('routelights status with usage', () => {
  it('a USAGE table and a QUOTA column; the key goes to the usage API and never to the output', async () => {
    standIn.mode = 'ok';
    standIn.used5h = 38;
    const m = machine({ ROUTELIGHTS_SURFACE_KINDS: `${standIn.url}=zai` });
    const out = await cli(['status', '--settings', m.settings, '--droid', join(m.env.HOME, 'no-droid')], { env: m.env, columns: 250 });
    expect(out.stdout).toMatch(/USAGE\n.*ACCOUNT\s+WINDOWS\s+READ/);
    expect(out.stdout).toMatch(/Z\.AI GLM Coding Pro\s+62 % of 5-hour tokens left · resets \d\d:\d\d; 54 % of monthly tool calls left/);
    expect(out.stdout).toMatch(/QUOTA/);
    expect(out.stdout).toMatch(/custom:GLM-0\s+\S+\s+62 % of 5-hour tokens left/);
    expect(out.stdout + out.stderr).not.toContain('zai-cli-key-0123456789');
  });
});
