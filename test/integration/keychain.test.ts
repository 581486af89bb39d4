// The real secret store on Linux (gnome-keyring over D-Bus): set, read, list names, delete; clear errors
// when no Secret Service runs or the keyring is locked, with nothing written in plain text; and
// `keys move` end to end: plain text gone, comments kept, the real Droid still reaches the route
// through `routelights exec` and through the sentinel runner.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyringStore } from '../../app/secrets/keyring-store.ts';
import { CANARIES, CANARY } from '../helpers/canary.ts';
import { cli, cliProcess } from '../helpers/cli.ts';
import { droidBinary } from '../helpers/droid.ts';
import { startOpenAiStub, type OpenAiStub } from '../helpers/openai-stub.ts';
import { scratchDir } from '../helpers/scratch.ts';
import { startSecretService, type SecretService } from '../helpers/secret-service.ts';

const home = scratchDir('rl-keychain-');
let service: SecretService;
let stub: OpenAiStub;
const baseEnv = () => ({ PATH: process.env.PATH, ...service.env, ROUTELIGHTS_HOME: join(home, 'data') });

beforeAll(async () => {
  service = await startSecretService(home);
  // The in-process store talks to the same bus, and gives up on a call that waits for a prompt.
  process.env.DBUS_SESSION_BUS_ADDRESS = service.env.DBUS_SESSION_BUS_ADDRESS;
  process.env.ROUTELIGHTS_KEYCHAIN_TIMEOUT_MS = '20000';
  stub = await startOpenAiStub({ models: ['echo'] });
});
afterAll(async () => {
  service?.stop();
  await stub?.close();
});

describe('KeyringStore on a real Secret Service', () => {
  it('sets, reads, lists names only, deletes; a new session sees the same items', async () => {
    const store = new KeyringStore();
    expect((await store.set('RL_TEST_A', CANARY)).ok).toBe(true);
    expect((await store.set('RL_TEST_B', 'second-value')).ok).toBe(true);
    const again = new KeyringStore();
    expect(await again.get('RL_TEST_A')).toEqual({ ok: true, value: CANARY });
    // Other tests share this keyring: only this test's names are looked at.
    const list = await again.list();
    expect(list.ok && list.value).toEqual(expect.arrayContaining(['RL_TEST_A', 'RL_TEST_B']));
    expect(JSON.stringify(list)).not.toContain(CANARY);
    expect(await again.delete('RL_TEST_A')).toEqual({ ok: true, value: true });
    expect(await new KeyringStore().get('RL_TEST_A')).toEqual({ ok: true, value: null });
    const after = await new KeyringStore().list();
    expect(after.ok && after.value.filter((n) => n.startsWith('RL_TEST_'))).toEqual(['RL_TEST_B']);
    expect((await store.get('not a name')).ok).toBe(false);
  });

  it('keys set reads stdin (never argv), keys list shows names and routes, never values', async () => {
    const set = await cli(['keys', 'set', 'ROUTELIGHTS_KEY_CLI'], { env: baseEnv(), stdin: `${CANARY}\n` });
    expect(set.code).toBe(0);
    const noRoutes = join(home, 'no-routes.json');
    writeFileSync(noRoutes, '{}');
    const list = await cli(['keys', 'list', '--json', '--settings', noRoutes], { env: baseEnv() });
    expect(JSON.parse(list.stdout).keys).toEqual(expect.arrayContaining([{ name: 'ROUTELIGHTS_KEY_CLI', inKeychain: true, inEnvironment: false, routes: [] }]));
    expect(list.stdout + set.stdout + set.stderr).not.toContain(CANARY);
    expect((await cli(['keys', 'delete', 'ROUTELIGHTS_KEY_CLI'], { env: baseEnv() })).code).toBe(0);
  });
});

// These run the CLI as its own process: the keyring library reads the D-Bus address from the process environment.
describe('when the store cannot be used', () => {
  it('no Secret Service: a clear keychain error, exit 2, and keys move writes nothing', async () => {
    const dir = scratchDir('rl-nokeychain-');
    const path = join(dir, 'settings.json');
    const text = `{\n  "customModels": [ { "model": "echo", "id": "custom:E-0", "baseUrl": "http://127.0.0.1:4000/v1", "apiKey": "${CANARY}", "provider": "generic-chat-completion-api" } ]\n}\n`;
    writeFileSync(path, text);
    const env = { PATH: process.env.PATH, HOME: dir, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'no-bus')}` };
    const list = await cliProcess(['keys', 'list', '--settings', path], { env });
    expect(list.code).toBe(2);
    expect(list.stderr).toMatch(/\[keychain\] No Secret Service answers/);
    expect(list.stderr).toMatch(/remedy: Start a Secret Service.*will not keep keys in a plain file/);
    const move = await cliProcess(['keys', 'move', '--settings', path], { env });
    expect(move.code).toBe(2);
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(readdirSync(dir)).toEqual(['settings.json']);
    expect(move.stdout + move.stderr).not.toContain(CANARY);
  });

  it('B8: no Secret Service: a key referenced but not exported reads "keychain unavailable", not "set nowhere", and the window\'s key list says unknown', async () => {
    const dir = scratchDir('rl-nokeychain-');
    const path = join(dir, 'settings.json');
    writeFileSync(path, `{ "customModels": [ { "model": "echo", "id": "custom:E-0", "baseUrl": "http://127.0.0.1:4000/v1", "apiKey": "\${ECHO_KEY}", "provider": "generic-chat-completion-api" } ] }`);
    const env = { PATH: process.env.PATH, HOME: dir, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'no-bus')}` };
    const status = await cliProcess(['status', '--json', '--settings', path, '--droid', join(dir, 'no-droid')], { env });
    const route = JSON.parse(status.stdout).routes[0];
    expect(route.reason).toContain('ECHO_KEY is not in RouteLights\' environment, and the Keychain could not be read (No Secret Service answers');
    expect(route.reason).not.toContain('set nowhere');
    expect(route.remedy).toMatch(/^Make the Keychain answer/);
    expect(status.stderr).toMatch(/warning: \[keychain\] No Secret Service answers/);
    // The key list (the window's, and the command's) says "not known", not "missing", naming the keychain's failure.
    const keys = await cliProcess(['keys', 'list', '--json', '--settings', path], { env });
    expect(keys.code).toBe(2);
    expect(keys.stderr).toMatch(/\[keychain\] No Secret Service answers/);
    expect(JSON.parse(keys.stdout).keys).toEqual([{ name: 'ECHO_KEY', inKeychain: null, inEnvironment: false, routes: ['custom:E-0'] }]);
  });

  it('a locked keyring: a clear error and nothing stored', { timeout: 120_000 }, async () => {
    const dir = scratchDir('rl-locked-');
    const locked = await startSecretService(dir, { locked: true });
    try {
      // Headless, the unlock prompt is dismissed at once or waits for nobody: either ends in a clear error.
      const out = await cliProcess(['keys', 'set', 'ROUTELIGHTS_KEY_LOCKED'], { env: { PATH: process.env.PATH, ...locked.env, ROUTELIGHTS_KEYCHAIN_TIMEOUT_MS: '8000' }, input: CANARY });
      expect(out.code).toBe(2);
      expect(out.stderr).toMatch(/\[keychain\] (The Secret Service has no unlocked keyring.*unlock prompt was dismissed|The keychain did not answer in time.*unlock prompt may be waiting)/);
      expect(out.stderr).toMatch(/remedy: Unlock your login keyring/);
      expect(out.stderr).not.toContain(CANARY);
    } finally {
      locked.stop();
    }
  });
});

describe('keys move, end to end', () => {
  it('plain text leaves settings.json, routes sharing a key share a name, Droid still reaches the route', { timeout: 120_000 }, async () => {
    const droidHome = join(home, 'droid-home');
    mkdirSync(join(droidHome, '.factory'), { recursive: true });
    const path = join(droidHome, '.factory', 'settings.json');
    writeFileSync(path, `{
  // keep this comment
  "customModels": [
    { "model": "echo", "id": "custom:Echo-A-0", "index": 0, "baseUrl": "${stub.url}/v1", "apiKey": "${CANARY}", "provider": "generic-chat-completion-api" },
    { "model": "echo", "id": "custom:Echo-B-1", "index": 1, "baseUrl": "${stub.url}/v1", "apiKey": "${CANARY}", "provider": "generic-chat-completion-api" },
    { "model": "echo", "id": "custom:Local-2", "index": 2, "baseUrl": "${stub.url}/v1", "apiKey": "dummy-not-used", "provider": "generic-chat-completion-api" }
  ]
}
`);
    const env = { ...baseEnv(), HOME: droidHome };
    // A preview first: what would move, and nothing stored or written.
    const unmoved = readFileSync(path, 'utf8');
    const preview = await cli(['keys', 'move', '--dry-run', '--json'], { env });
    expect(JSON.parse(preview.stdout).moves.map((m: { status: string; name: string }) => [m.status, m.name])).toEqual([['planned', 'ROUTELIGHTS_KEY_127_0_0_1'], ['planned', 'ROUTELIGHTS_KEY_127_0_0_1']]);
    expect(readFileSync(path, 'utf8')).toBe(unmoved);
    expect(JSON.parse((await cli(['keys', 'list', '--json'], { env })).stdout).keys.map((k: { name: string }) => k.name)).not.toContain('ROUTELIGHTS_KEY_127_0_0_1');
    const moved = await cli(['keys', 'move', '--json'], { env });
    expect(moved.code).toBe(0);
    const moves = JSON.parse(moved.stdout).moves;
    expect(moves.map((m: { status: string; name: string }) => [m.status, m.name])).toEqual([['moved', 'ROUTELIGHTS_KEY_127_0_0_1'], ['moved', 'ROUTELIGHTS_KEY_127_0_0_1']]);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain(CANARY);
    expect(text).toContain('// keep this comment');
    expect(text.match(/\$\{ROUTELIGHTS_KEY_127_0_0_1\}/g)).toHaveLength(2);
    // A placeholder is no secret: it stays as written.
    expect(text).toContain('"apiKey": "dummy-not-used"');
    expect(moved.stderr).toMatch(/backup/i);
    // One action, one backup, named as such: undone in one step.
    const history = JSON.parse((await cli(['backups', 'list', '--json'], { env })).stdout).backups;
    expect(history).toEqual([expect.objectContaining({ action: 'Move plain-text keys to the Keychain', holdsPlainKey: true })]);

    // The user's own droid session, through routelights exec: the key arrives from the Keychain.
    const before = stub.requests.length;
    const exec = await cli(['exec', '--', droidBinary(), 'exec', '-m', 'custom:Echo-A-0', '--auto', 'low', '--cwd', droidHome, '-o', 'json', 'Reply exactly: EXEC_OK'], { env });
    expect(exec.code).toBe(0);
    const chat = stub.requests.slice(before).filter((r) => r.path.includes('/chat/completions'));
    expect(chat[0]?.authorization).toBe(`Bearer ${CANARY}`);

    // And the sentinel runner resolves the reference from the Keychain for Droid's environment only.
    const sentinels = await cli(['sentinels', '--json', '--route', 'custom:Echo-B-1', '--droid', droidBinary()], { env });
    expect(JSON.parse(sentinels.stdout).results[0]).toMatchObject({ verdict: 'pass' });
    expect(sentinels.stdout + sentinels.stderr + exec.stderr).not.toContain(CANARY);
  });

  it('--scrub-backups removes the backups that still hold a moved key', async () => {
    const dir = scratchDir('rl-scrub-');
    const path = join(dir, 'settings.json');
    // Its own host name, so its own key name: the move test above keeps ROUTELIGHTS_KEY_127_0_0_1 to itself.
    writeFileSync(path, `{ "customModels": [ { "model": "echo", "id": "custom:S-0", "baseUrl": "http://localhost:${stub.port}/v1", "apiKey": "${CANARY}-scrub", "provider": "generic-chat-completion-api" } ] }\n`);
    const out = await cli(['keys', 'move', '--scrub-backups', '--settings', path], { env: { ...baseEnv(), HOME: dir } });
    expect(out.code).toBe(0);
    for (const name of readdirSync(dir)) expect(readFileSync(join(dir, name), 'utf8')).not.toContain(CANARY);
  });

  it('secrets beyond apiKey: an Authorization header becomes the apiKey reference; what Droid would not expand stays, with the reason', { timeout: 120_000 }, async () => {
    const dir = scratchDir('rl-move-headers-');
    mkdirSync(join(dir, '.factory'));
    const path = join(dir, '.factory', 'settings.json');
    // localhost may already name a key of another test here: the name may get a suffix.
    writeFileSync(path, JSON.stringify({ customModels: [
      { model: 'echo', id: 'custom:Hdr-Auth-0', index: 0, baseUrl: `http://localhost:${stub.port}/v1`, provider: 'generic-chat-completion-api', extraHeaders: { Authorization: `Bearer ${CANARIES.header}`, 'X-Trace': 't' } },
      { model: 'echo', id: 'custom:Hdr-Custom-1', index: 1, baseUrl: `http://rl:${CANARIES.urlPassword}@127.0.0.3:${stub.port}/v1`, apiKey: '${UNSET_KEY}', provider: 'generic-chat-completion-api', extraHeaders: { 'X-Custom-Token': CANARIES.marked } },
    ] }, null, 2));
    const env = { ...baseEnv(), HOME: dir };
    const moved = await cli(['keys', 'move', '--json'], { env });
    expect(moved.code, moved.stderr).toBe(0);
    const moves = JSON.parse(moved.stdout).moves.map((m: { routeId: string; field: string; status: string; detail: string }) => [m.routeId, m.field, m.status, m.detail]);
    expect(moves).toEqual(expect.arrayContaining([
      ['custom:Hdr-Auth-0', 'extraHeaders.Authorization', 'moved', expect.stringMatching(/now "apiKey": "\$\{ROUTELIGHTS_KEY_LOCALHOST(_\d+)?\}" \(Droid sends it in Authorization\)/)],
      ['custom:Hdr-Custom-1', 'extraHeaders.X-Custom-Token', 'skipped', expect.stringMatching(/Droid sends extraHeaders as written/)],
      ['custom:Hdr-Custom-1', 'baseUrl', 'skipped', expect.stringMatching(/Droid drops credentials written in baseUrl/)],
    ]));
    const doc = JSON.parse(readFileSync(path, 'utf8'));
    expect(doc.customModels[0]).toMatchObject({ apiKey: expect.stringMatching(/^\$\{ROUTELIGHTS_KEY_LOCALHOST(_\d+)?\}$/), extraHeaders: { 'X-Trace': 't' } });
    expect(doc.customModels[0].extraHeaders.Authorization).toBeUndefined();
    expect(doc.customModels[1].extraHeaders['X-Custom-Token']).toBe(CANARIES.marked);

    // The real Droid still authenticates the moved route, now from the Keychain through routelights exec.
    const before = stub.requests.length;
    const exec = await cli(['exec', '--', droidBinary(), 'exec', '-m', 'custom:Hdr-Auth-0', '--auto', 'low', '--cwd', dir, '-o', 'json', 'Reply exactly: MOVED_OK'], { env });
    expect(exec.code, exec.stderr).toBe(0);
    expect(stub.requests.slice(before).find((r) => r.path.includes('/chat/completions'))?.authorization).toBe(`Bearer ${CANARIES.header}`);
  });
});
