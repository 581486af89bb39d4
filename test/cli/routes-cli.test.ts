// The `routelights` CLI as a user meets it: routes list/add/set/remove/move, lint, backups, exit codes,
// --json documents on stdout only, keys never printed and never taken from argv.
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { cli, cliProcess } from '../helpers/cli.ts';
import { CANARY } from '../helpers/canary.ts';
import { scratchDir } from '../helpers/scratch.ts';

const root = scratchDir();
let n = 0;
function settings(text?: string): string {
  const dir = join(root, `c${n++}`);
  mkdirSync(dir);
  const path = join(dir, 'settings.json');
  if (text !== undefined) writeFileSync(path, text);
  return path;
}
const FILE = `{
  // keep me
  "customModels": [
    { "model": "kimi-k2.5", "id": "custom:Kimi-K2.5-[Kimi-Coding]-0", "index": 0, "baseUrl": "http://localhost:8317/v1", "apiKey": "${CANARY}", "provider": "generic-chat-completion-api", "futureField": 1 }
  ],
  "hooks": {}
}
`;

describe('routes list', () => {
  it('--json prints the documented shape, the key only as "<plain text>"', async () => {
    const path = settings(FILE);
    const out = await cli(['routes', 'list', '--json', '--settings', path]);
    expect(out.code).toBe(0);
    expect(out.stdout).not.toContain(CANARY);
    const doc = JSON.parse(out.stdout);
    expect(doc.settingsPath).toBe(path);
    expect(doc.revision).toMatch(/^[0-9a-f]{16}$/);
    expect(doc.routes[0]).toMatchObject({ id: 'custom:Kimi-K2.5-[Kimi-Coding]-0', model: 'kimi-k2.5', provider: 'generic-chat-completion-api', baseUrl: 'http://localhost:8317/v1', index: 0, apiKey: '<plain text>', surface: { id: 'http://localhost:8317', kind: 'vibeproxy', origin: 'http://localhost:8317' } });
  });

  it('takes the path from $ROUTELIGHTS_SETTINGS', async () => {
    const path = settings(FILE);
    const out = await cli(['routes', 'list', '--json'], { env: { ROUTELIGHTS_SETTINGS: path } });
    expect(JSON.parse(out.stdout).settingsPath).toBe(path);
  });

  it('no settings file at the default path is "no routes yet", exit 0', async () => {
    const home = scratchDir('rl-fresh-');
    const out = await cli(['routes', 'list'], { env: { HOME: home } });
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/No routes yet/);
    expect(existsSync(join(home, '.factory'))).toBe(false);
  });

  it('an unparsable file: exit 2, file:line:col and a remedy on stderr, nothing on stdout, file untouched', async () => {
    const broken = '{\n  "customModels": [ { "model": "x", } ,, ]\n}\n';
    const path = settings(broken);
    for (const args of [['routes', 'list', '--json'], ['routes', 'remove', 'custom:X-0'], ['routes', 'add', '--id', 'custom:Y-1', '--model', 'y', '--base-url', 'http://127.0.0.1:4000/v1', '--provider', 'generic-chat-completion-api']]) {
      const out = await cli([...args, '--settings', path]);
      expect(out.code).toBe(2);
      expect(out.stdout).toBe('');
      expect(out.stderr).toContain(`${path}:2:`);
      expect(out.stderr).toMatch(/remedy: /);
    }
    expect(readFileSync(path, 'utf8')).toBe(broken);
    expect(readdirSync(join(path, '..'))).toEqual(['settings.json']);
  });
});

describe('routes add / set / remove / move', () => {
  it('add writes a route with a ${VAR} reference, keeps comments and unknown fields, warns with lint', async () => {
    const path = settings(FILE);
    const out = await cli(['routes', 'add', '--settings', path, '--id', 'custom:GLM-5.1-[ZAI]-1', '--model', 'glm-5.1', '--base-url', 'https://api.z.ai/api/paas/v4', '--provider', 'generic-chat-completion-api', '--display-name', 'GLM-5.1 [ZAI Coding]', '--api-key-ref', 'ZAI_KEY', '--max-output-tokens', '131072']);
    expect(out.code).toBe(0);
    expect(out.stderr).toMatch(/generic endpoint/);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('// keep me');
    const doc = parse(text) as { customModels: Record<string, unknown>[]; hooks: object };
    expect(doc.customModels[0]!.futureField).toBe(1);
    expect(doc.customModels[1]).toEqual({ model: 'glm-5.1', id: 'custom:GLM-5.1-[ZAI]-1', index: 1, baseUrl: 'https://api.z.ai/api/paas/v4', apiKey: '${ZAI_KEY}', displayName: 'GLM-5.1 [ZAI Coding]', maxOutputTokens: 131072, provider: 'generic-chat-completion-api' });
  });

  it('add refuses an id that exists, and writes nothing', async () => {
    const path = settings(FILE);
    const out = await cli(['routes', 'add', '--settings', path, '--id', 'custom:Kimi-K2.5-[Kimi-Coding]-0', '--model', 'x', '--base-url', 'http://localhost:8317/v1', '--provider', 'generic-chat-completion-api']);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/already exists/);
    expect(readFileSync(path, 'utf8')).toBe(FILE);
  });

  it('--api-key-stdin reads the key from standard input and never echoes it', async () => {
    const path = settings();
    const out = await cli(['routes', 'add', '--settings', path, '--id', 'custom:L-0', '--model', 'gpt-5.5', '--base-url', 'http://127.0.0.1:4000/v1', '--provider', 'generic-chat-completion-api', '--api-key-stdin'], { stdin: `${CANARY}\n` });
    expect(out.code).toBe(0);
    expect(out.stdout + out.stderr).not.toContain(CANARY);
    expect((parse(readFileSync(path, 'utf8')) as { customModels: { apiKey: string }[] }).customModels[0]!.apiKey).toBe(CANARY);
  });

  it('a key value in argv is refused', async () => {
    const path = settings(FILE);
    const out = await cli(['routes', 'set', 'custom:Kimi-K2.5-[Kimi-Coding]-0', '--settings', path, '--field', 'apiKey=sk-in-argv']);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/--api-key-stdin/);
    expect(readFileSync(path, 'utf8')).toBe(FILE);
  });

  it('set types numbers and booleans, unset removes a field, remove and move work by id', async () => {
    const path = settings(FILE);
    expect((await cli(['routes', 'set', 'custom:Kimi-K2.5-[Kimi-Coding]-0', '--settings', path, '--field', 'maxOutputTokens=8192', '--field', 'noImageSupport=true', '--unset', 'futureField'])).code).toBe(0);
    let doc = parse(readFileSync(path, 'utf8')) as { customModels: Record<string, unknown>[] };
    expect(doc.customModels[0]).toMatchObject({ maxOutputTokens: 8192, noImageSupport: true });
    expect(doc.customModels[0]).not.toHaveProperty('futureField');
    expect((await cli(['routes', 'add', '--settings', path, '--id', 'custom:B-1', '--model', 'b', '--base-url', 'http://127.0.0.1:4000/v1', '--provider', 'generic-chat-completion-api'])).code).toBe(0);
    expect((await cli(['routes', 'move', 'custom:B-1', '--to', '0', '--settings', path])).code).toBe(0);
    doc = parse(readFileSync(path, 'utf8')) as { customModels: Record<string, unknown>[] };
    expect(doc.customModels.map((e) => e.id)).toEqual(['custom:B-1', 'custom:Kimi-K2.5-[Kimi-Coding]-0']);
    const removed = await cli(['routes', 'remove', 'custom:B-1', '--settings', path]);
    expect(removed.code).toBe(0);
    expect(removed.stderr.startsWith(`Removed custom:B-1 from ${path} (backup: `), removed.stderr).toBe(true);
    doc = parse(readFileSync(path, 'utf8')) as { customModels: Record<string, unknown>[] };
    expect(doc.customModels.map((e) => e.id)).toEqual(['custom:Kimi-K2.5-[Kimi-Coding]-0']);
    const unknown = await cli(['routes', 'remove', 'custom:Nope', '--settings', path]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('custom:Kimi-K2.5-[Kimi-Coding]-0');
  });

  it('bad values and usage errors exit 2 with a message', async () => {
    const path = settings(FILE);
    expect((await cli(['routes', 'set', 'custom:Kimi-K2.5-[Kimi-Coding]-0', '--settings', path, '--field', 'maxOutputTokens=lots'])).code).toBe(2);
    expect((await cli(['routes', 'add', '--settings', path])).code).toBe(2);
    expect((await cli(['no-such-command'])).code).toBe(2);
  });
});

describe('lint', () => {
  it('--json prints {findings:[…]} and exits 1 on errors, 0 on warnings only', async () => {
    const path = settings(FILE);
    // Private, as a file holding a key should be (else key-file-readable joins the plain-key warning).
    chmodSync(path, 0o600);
    const warn = await cli(['lint', '--json', '--settings', path]);
    expect(warn.code).toBe(0);
    expect(JSON.parse(warn.stdout).findings).toEqual([
      expect.objectContaining({ rule: 'plain-text-api-key', severity: 'warning', routeId: 'custom:Kimi-K2.5-[Kimi-Coding]-0', message: expect.any(String), remedy: expect.any(String) }),
    ]);
    expect(warn.stdout).not.toContain(CANARY);
    await cli(['routes', 'add', '--settings', path, '--id', 'raw-name', '--model', 'x', '--base-url', 'http://localhost:8317', '--provider', 'generic-chat-completion-api', '--force']);
    const bad = await cli(['lint', '--json', '--settings', path]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).findings.map((f: { rule: string }) => f.rule)).toEqual(expect.arrayContaining(['id-prefix', 'vibeproxy-openai-without-v1']));
  });
});

describe('lint --fix', () => {
  it('removes trailing commas (which make Droid ignore the file) and nothing else, with a backup', async () => {
    const withCommas = '{\n  // keep this comment\n  "customModels": [\n    { "model": "m", "id": "custom:M-0", "index": 0, "baseUrl": "http://127.0.0.1:4000/v1", "apiKey": "${K}", "provider": "generic-chat-completion-api", },\n  ],\n}\n';
    const path = settings(withCommas);
    const before = await cli(['lint', '--json', '--settings', path]);
    expect(before.code).toBe(1);
    expect(JSON.parse(before.stdout).findings[0]).toMatchObject({ rule: 'trailing-comma', severity: 'error', routeId: null });
    const fixed = await cli(['lint', '--fix', '--settings', path]);
    expect(fixed.code).toBe(0);
    expect(fixed.stderr).toMatch(/Removed 3 trailing comma/);
    expect(readFileSync(path, 'utf8')).toBe(withCommas.replace(/,(\s*[}\]])/g, '$1'));
    expect((await cli(['backups', 'list', '--json', '--settings', path])).stdout).toContain('.backup-');
  });
});

describe('backups', () => {
  it('list and restore: the restored content comes back, the replaced one is backed up', async () => {
    const path = settings(FILE);
    await cli(['routes', 'remove', 'custom:Kimi-K2.5-[Kimi-Coding]-0', '--settings', path]);
    const afterRemove = readFileSync(path, 'utf8');
    const list = JSON.parse((await cli(['backups', 'list', '--json', '--settings', path])).stdout);
    expect(list.backups).toHaveLength(1);
    expect(list.backups[0].name).toMatch(/^settings\.json\.backup-\d{8}T\d{6}Z$/);
    const restored = await cli(['backups', 'restore', list.backups[0].name, '--settings', path]);
    expect(restored.code).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(FILE);
    const after = JSON.parse((await cli(['backups', 'list', '--json', '--settings', path])).stdout);
    expect(after.backups).toHaveLength(2);
    expect(after.backups.map((b: { path: string }) => readFileSync(b.path, 'utf8'))).toContain(afterRemove);
    expect((await cli(['backups', 'restore', '../../etc/passwd', '--settings', path])).code).toBe(2);
  });

  it('as a history: the action each preceded, a diff with the key masked, undo of an action, scrub of backups with a key in clear', async () => {
    const path = settings(FILE);
    await cli(['routes', 'set', 'custom:Kimi-K2.5-[Kimi-Coding]-0', '--field', 'displayName=Kimi', '--settings', path]);
    const [entry] = JSON.parse((await cli(['backups', 'list', '--json', '--settings', path])).stdout).backups;
    expect(entry).toMatchObject({ action: 'Edit custom:Kimi-K2.5-[Kimi-Coding]-0', routes: ['custom:Kimi-K2.5-[Kimi-Coding]-0'], holdsPlainKey: true });
    const table = await cli(['backups', 'list', '--settings', path], { columns: 200 });
    expect(table.stdout).toMatch(/BEFORE\s+ACTION ID\s+KEY IN CLEAR/);
    expect(table.stdout).toMatch(/s ago\s+Edit custom:Kimi-K2\.5-\[Kimi-Coding\]-0\s+[0-9a-f]{16}\s+yes/);
    const diff = await cli(['backups', 'diff', entry.name, '--settings', path]);
    expect(diff.stdout).toMatch(/^\+.*"displayName": "Kimi"/m);
    expect(diff.stdout).not.toContain(CANARY);
    expect(diff.stdout).toContain('‹redacted›');
    const undone = await cli(['backups', 'undo', entry.actionId, '--settings', path]);
    expect(undone).toMatchObject({ code: 0, stderr: expect.stringContaining('as before that action') });
    expect(readFileSync(path, 'utf8')).toBe(FILE);
    expect((await cli(['backups', 'diff', JSON.parse((await cli(['backups', 'list', '--json', '--settings', path])).stdout).backups.at(-1).name, '--settings', path])).stdout).toMatch(/restoring it would change nothing/);
    const scrubbed = await cli(['backups', 'scrub', '--settings', path]);
    expect(scrubbed.stdout).toMatch(/Deleted 2 backup\(s\) that held a key in clear/);
    expect(JSON.parse((await cli(['backups', 'list', '--json', '--settings', path])).stdout).backups).toEqual([]);
    expect((await cli(['backups', 'undo', entry.actionId, '--settings', path])).stderr).toContain('No backup was taken before that action');
  });
});

describe('as a separate process', () => {
  it('exit codes and streams hold end to end', async () => {
    const path = settings(FILE);
    const listed = await cliProcess(['routes', 'list', '--json', '--settings', path]);
    expect(listed.code).toBe(0);
    expect(listed.stderr).toBe('');
    expect(JSON.parse(listed.stdout).routes).toHaveLength(1);
    const stdin = await cliProcess(['routes', 'set', 'custom:Kimi-K2.5-[Kimi-Coding]-0', '--api-key-stdin', '--settings', path], { input: 'sk-from-a-pipe\n' });
    expect(stdin.code).toBe(0);
    expect(readFileSync(path, 'utf8')).toContain('"sk-from-a-pipe"');
    const usage = await cliProcess(['routes', 'move', 'x', '--settings', path]);
    expect(usage.code).toBe(2);
  });
});

describe('lint across a project', () => {
  it("says when a project's entry takes over one of yours, and not when Droid skips the project's file for a trailing comma", async () => {
    const path = settings(`{ "customModels": [ { "model": "m", "id": "custom:Shared-0", "index": 0, "baseUrl": "http://127.0.0.1:9/v1", "apiKey": "\${SHARED_KEY}", "provider": "generic-chat-completion-api" } ] }`);
    const home = join(path, '..');
    const env = { HOME: home, ROUTELIGHTS_HOME: join(home, 'data') };
    const project = join(home, 'project');
    mkdirSync(join(project, '.factory'), { recursive: true });
    const entry = `{ "model": "m", "id": "custom:Shared-0", "index": 0, "baseUrl": "http://127.0.0.1:9/v1", "apiKey": "\${SHARED_KEY}", "provider": "generic-chat-completion-api" }`;
    writeFileSync(join(project, '.factory', 'settings.json'), `{ "customModels": [ ${entry} ] }`);
    expect((await cli(['projects', 'add', project, '--settings', path], { env })).code).toBe(0);
    const read = JSON.parse((await cli(['lint', '--json', '--settings', path], { env })).stdout);
    expect(read.findings).toContainEqual(expect.objectContaining({ rule: 'project-overrides', routeId: 'custom:Shared-0', message: expect.stringContaining(`Inside ${project}`) }));

    writeFileSync(join(project, '.factory', 'settings.json'), `{ "customModels": [ ${entry}, ] }`);
    const skipped = JSON.parse((await cli(['lint', '--json', '--settings', path], { env })).stdout);
    expect(skipped.findings.map((f: { rule: string }) => f.rule)).toContain('trailing-comma');
    expect(skipped.findings.map((f: { rule: string }) => f.rule)).not.toContain('project-overrides');
  });
});
