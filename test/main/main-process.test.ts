// main/ run in Node against the typed fake of `electron` (test/helpers/fake-electron.ts), with the real
// service, the real Droid and a local provider stand-in: what the tray draws, what each click does,
// notifications after flap control, muted routes across a restart, the window opened on a route, IPC
// refused from strangers, sleep and wake, a second instance, quit, and Electron locked down.
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS, UNTRUSTED_SENDER } from '../../app/api/ipc.ts';
import { socketPathFor } from '../../app/bridge/socket-path.ts';
import { CANARY } from '../helpers/canary.ts';
import { droidBinary } from '../helpers/droid.ts';
import { startOpenAiStub, type OpenAiStub } from '../helpers/openai-stub.ts';
import { scratchDir } from '../helpers/scratch.ts';
import { ROOT } from '../helpers/tools.ts';

// One fake for the file: vitest caches a mocked module across vi.resetModules, so each launch resets it.
const fake = await vi.hoisted(async () => await import('../helpers/fake-electron.ts'));
vi.mock('electron', () => fake.electron);

type Fake = typeof fake;

let stubA: OpenAiStub;
let stubB: OpenAiStub;
let running: Fake | null = null;

beforeAll(async () => {
  [stubA, stubB] = await Promise.all([startOpenAiStub({ models: ['model-a'] }), startOpenAiStub({ models: ['model-b'] })]);
});
afterAll(async () => {
  await Promise.all([stubA?.close(), stubB?.close()]);
});
afterEach(() => {
  if (running && running.FakeTray.all.length && !running.tray().destroyed) running.click('quit');
  running = null;
  vi.unstubAllEnvs();
  stubA.behaviour = { kind: 'ok' };
  stubB.behaviour = { kind: 'ok' };
});

interface Machine {
  home: string;
  settingsPath: string;
  data: string;
}

const route = (id: string, stub: OpenAiStub, model: string) => ({ model, id, index: 0, baseUrl: `${stub.url}/v1`, apiKey: 'sk-local-test-key-0000', displayName: id.replace(/^custom:/, ''), provider: 'generic-chat-completion-api' });

function machine(routes: object[], options: { droidIn?: 'path' | 'local-bin' | 'nowhere' } = {}): Machine & { env: Record<string, string> } {
  const home = scratchDir('rl-main-');
  const settingsPath = join(home, '.factory', 'settings.json');
  mkdirSync(join(home, '.factory'), { recursive: true });
  writeFileSync(settingsPath, `${JSON.stringify({ customModels: routes }, null, 2)}\n`);
  const data = join(home, 'data');
  const droidDir = join(droidBinary(), '..');
  const where = options.droidIn ?? 'path';
  if (where === 'local-bin') {
    mkdirSync(join(home, '.local', 'bin'), { recursive: true });
    symlinkSync(droidBinary(), join(home, '.local', 'bin', 'droid'));
  }
  // An app started from Finder or at login has only this PATH.
  const path = where === 'path' ? `${droidDir}:/usr/bin:/bin` : '/usr/bin:/bin';
  return { home, settingsPath, data, env: { HOME: home, PATH: path, ROUTELIGHTS_SETTINGS: settingsPath, ROUTELIGHTS_HOME: data, ROUTELIGHTS_KEYCHAIN: 'off', ROUTELIGHTS_MACHINE: 'test-mac' } };
}

/** Starts main/ afresh (a new fake, a new service), as a launch of the app would. */
async function boot(env: Record<string, string>, options: { packaged?: boolean; extraEnv?: Record<string, string> } = {}): Promise<Fake> {
  vi.resetModules();
  fake.resetFake();
  for (const [k, v] of Object.entries({ ...env, ...options.extraEnv })) vi.stubEnv(k, v);
  fake.electron.app.isPackaged = !!options.packaged;
  // Electron sets this in a packaged app: where the app's resources (assets/) are.
  (process as { resourcesPath?: string }).resourcesPath = options.packaged ? ROOT : undefined;
  await import('../../main/index.ts');
  running = fake;
  await vi.waitFor(() => expect({ errors: fake.electron.dialog.errors, header: headerOf(fake) }).toMatchObject({ errors: [], header: expect.stringMatching(/checked/) }), { timeout: 20_000, interval: 100 });
  return fake;
}

const headerOf = (fake: Fake) => (fake.FakeTray.all.length ? (fake.menuItem('header')?.label ?? 'no header') : 'no tray');
const label = (fake: Fake, id: string) => fake.menuItem(id)?.label ?? '';

describe('the tray', () => {
  it('draws the icon, title, tooltip and menu from the snapshot, and again when the settings change', async () => {
    const m = machine([route('custom:Alpha-0', stubA, 'model-a')]);
    const fake = await boot(m.env);
    const tray = fake.tray();
    expect(tray.image.path).toMatch(/assets\/tray-(green|yellow|red|gray)Template\.png$/);
    expect(tray.image.template).toBe(true);
    expect(tray.tooltip).toMatch(/^RouteLights: 1 route\(s\)/);
    expect(label(fake, `route:${m.settingsPath}#custom:Alpha-0`)).toMatch(/custom:Alpha-0 — /);

    writeFileSync(m.settingsPath, `${JSON.stringify({ customModels: [route('custom:Alpha-0', stubA, 'model-a'), route('custom:Beta-0', stubB, 'model-b')] }, null, 2)}\n`);
    await vi.waitFor(() => expect(label(fake, `route:${m.settingsPath}#custom:Beta-0`)).toMatch(/custom:Beta-0 — /), { timeout: 30_000 });
    expect(fake.tray().tooltip).toMatch(/^RouteLights: 2 route\(s\)/);
  });

  it('"Run all sentinels" runs the routes Droid uses through the service, and its progress reaches its total', async () => {
    const m = machine([route('custom:Ignored-0', stubA, 'model-a'), route('custom:Ignored-1', stubB, 'model-b'), route('custom:Ignored-2', stubB, 'model-b')]);
    // settings.local.json's list replaces settings.json's: Droid uses these two, and ignores the three above.
    writeFileSync(join(m.home, '.factory', 'settings.local.json'), JSON.stringify({ customModels: [route('custom:Local-A-0', stubA, 'model-a'), route('custom:Local-B-0', stubB, 'model-b')] }));
    const fake = await boot(m.env);
    const before = stubA.requests.length + stubB.requests.length;
    const seen: string[] = [];
    const tray = fake.tray();
    const setMenu = tray.setContextMenu.bind(tray);
    tray.setContextMenu = (menu) => {
      setMenu(menu);
      seen.push(label(fake, 'run-all'));
    };
    fake.click('run-all');
    await vi.waitFor(() => expect(seen.at(-1)).toBe('Run all sentinels'), { timeout: 90_000, interval: 100 });
    expect(seen).toContain('Running sentinels… 0 of 2');
    expect(seen).toContain('Running sentinels… 2 of 2');
    expect(seen.filter((s) => /of 3|of 5/.test(s))).toEqual([]);
    expect(stubA.requests.length + stubB.requests.length).toBeGreaterThan(before);
    await vi.waitFor(() => expect(label(fake, `route:${join(m.home, '.factory', 'settings.local.json')}#custom:Local-A-0`)).toMatch(/^● /), { timeout: 30_000 });
  });

  it('a failing action becomes a menu line and a notification (no Droid: the account row names the installer)', async () => {
    const m = machine([route('custom:Alpha-0', stubA, 'model-a')], { droidIn: 'nowhere' });
    const fake = await boot(m.env);
    await vi.waitFor(() => expect(label(fake, 'droid')).toMatch(/Droid is not installed/), { timeout: 30_000 });
    expect(fake.labels()).toContain("Do: Install Factory's Droid CLI: curl -fsSL https://app.factory.ai/cli | sh, or brew install --cask droid; then refresh.");
    fake.click('run-all');
    await vi.waitFor(() => expect(fake.FakeNotification.shown.map((n) => n.title)).toContain('RouteLights: Run all sentinels failed'), { timeout: 30_000 });
    expect(label(fake, 'failure')).toMatch(/^⚠ Run all sentinels failed: Droid is not installed/);
    expect(label(fake, 'run-all')).toBe('Run all sentinels');
    fake.click('dismiss-failure');
    await vi.waitFor(() => expect(fake.menuItem('failure')).toBeUndefined());
  });

  it('finds droid where Factory\'s installer puts it when the app has only PATH=/usr/bin:/bin, and says where', async () => {
    const m = machine([route('custom:Alpha-0', stubA, 'model-a')], { droidIn: 'local-bin' });
    const fake = await boot(m.env);
    await vi.waitFor(() => expect(label(fake, 'droid-place')).toBe("droid found in ~/.local/bin (Factory's installer)"), { timeout: 60_000 });
    expect(label(fake, 'droid')).not.toMatch(/not installed/);
  });

  it('a key exported only by the login shell: the route says so (the app cannot read it), and its value is never shown', async () => {
    const m = machine([{ ...route('custom:Zai-0', stubA, 'model-a'), apiKey: '${ZAI_API_KEY}' }], { droidIn: 'local-bin' });
    writeFileSync(join(m.home, '.bash_profile'), `echo "welcome from .bash_profile"\nexport ZAI_API_KEY=${CANARY}\n`);
    const fake = await boot(m.env, { extraEnv: { SHELL: '/bin/bash' } });
    const row = `route:${m.settingsPath}#custom:Zai-0`;
    await vi.waitFor(() => expect(label(fake, row)).toMatch(/^◐ custom:Zai-0 — ZAI_API_KEY \(the route's key\) is set only in your login shell/), { timeout: 30_000 });
    expect(fake.labels()).toContain('Do: Keep it in the Keychain too: routelights keys set ZAI_API_KEY (then routelights exec -- droid works anywhere).');
    expect(JSON.stringify(fake.labels())).not.toContain(CANARY);
  });

  it('a route turning red notifies once, after flap control; a muted route never; the mute survives a restart', async () => {
    const m = machine([route('custom:Alpha-0', stubA, 'model-a'), route('custom:Beta-0', stubB, 'model-b')]);
    const keyA = `${m.settingsPath}#custom:Alpha-0`;
    const keyB = `${m.settingsPath}#custom:Beta-0`;
    let fake = await boot(m.env);
    await vi.waitFor(() => expect(label(fake, `route:${keyA}`)).toMatch(/^[●◐] /), { timeout: 30_000 });
    fake.click(`notify:${keyB}`);
    await vi.waitFor(() => expect(fake.menuItem(`notify:${keyB}`)?.checked).toBe(false));
    stubA.behaviour = { kind: 'status', status: 401, body: { error: { message: 'Invalid API key' } } };
    stubB.behaviour = { kind: 'status', status: 401, body: { error: { message: 'Invalid API key' } } };
    for (let i = 0; i < 6 && !label(fake, `route:${keyB}`).startsWith('✕'); i++) {
      fake.click('refresh');
      await new Promise((r) => setTimeout(r, 700));
    }
    await vi.waitFor(() => expect(label(fake, `route:${keyA}`)).toMatch(/^✕ /), { timeout: 15_000 });
    fake.click('refresh');
    await new Promise((r) => setTimeout(r, 1_500));
    const red = fake.FakeNotification.shown.filter((n) => n.title.endsWith(' is red'));
    expect(red.map((n) => n.title)).toEqual(['custom:Alpha-0 is red']);
    expect(red[0]!.body).not.toContain('sk-local-test-key');

    fake.click('quit');
    fake = await boot(m.env);
    expect(fake.menuItem(`notify:${keyB}`)?.checked).toBe(false);
    expect(fake.menuItem(`notify:${keyA}`)?.checked).toBe(true);
    expect(JSON.parse(readFileSync(join(m.data, 'muted-routes.json'), 'utf8'))).toEqual({ routes: [keyB] });
  });
});

describe('the window', () => {
  it('"Open in Settings…" on a window never opened creates it, and the page gets the route once it listens', async () => {
    const m = machine([route('custom:Alpha-0', stubA, 'model-a')]);
    const fake = await boot(m.env);
    expect(fake.FakeBrowserWindow.all).toHaveLength(0);
    fake.click(`open:${m.settingsPath}#custom:Alpha-0`);
    await vi.waitFor(() => expect(fake.FakeBrowserWindow.all[0]?.isVisible()).toBe(true));
    const win = fake.FakeBrowserWindow.all[0]!;
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(win.webContents.sent).toEqual([]);
    // The page has loaded and subscribes: the held request reaches it, once.
    expect(await fake.electron.ipcMain.invoke(CHANNELS.listen, win.webContents, win.webContents.mainFrame)).toEqual({ ok: true, value: null });
    await vi.waitFor(() => expect(win.webContents.sent.filter((s) => (s.args[0] as { type: string }).type === 'open-route').map((s) => s.args[0])).toEqual([{ type: 'open-route', source: m.settingsPath, id: 'custom:Alpha-0' }]));
  });

  it('with no routes, the menu offers "Add a route…", which opens the editor for a new route', async () => {
    const m = machine([]);
    const fake = await boot(m.env);
    expect(label(fake, 'no-routes')).toMatch(/No routes yet/);
    fake.click('add-route');
    await vi.waitFor(() => expect(fake.FakeBrowserWindow.all[0]?.isVisible()).toBe(true));
    const win = fake.FakeBrowserWindow.all[0]!;
    await fake.electron.ipcMain.invoke(CHANNELS.listen, win.webContents, win.webContents.mainFrame);
    await vi.waitFor(() => expect(win.webContents.sent.map((s) => s.args[0])).toContainEqual({ type: 'open-route', source: null, id: null }));
  });

  it('IPC answers the window\'s own top frame only: another webContents or a frame inside the page is refused', async () => {
    const m = machine([route('custom:Alpha-0', stubA, 'model-a')]);
    const fake = await boot(m.env);
    fake.click('open');
    const win = fake.FakeBrowserWindow.all[0]!;
    const stranger = new fake.FakeBrowserWindow();
    const { ipcMain } = fake.electron;
    expect(await ipcMain.invoke(CHANNELS.call, stranger.webContents, stranger.webContents.mainFrame, 'about', {})).toEqual(UNTRUSTED_SENDER);
    expect(await ipcMain.invoke(CHANNELS.call, win.webContents, new fake.FakeFrame(win.webContents.id, 7), 'about', {})).toEqual(UNTRUSTED_SENDER);
    expect(await ipcMain.invoke(CHANNELS.call, win.webContents, null, 'about', {})).toEqual(UNTRUSTED_SENDER);
    expect(await ipcMain.invoke(CHANNELS.listen, stranger.webContents, stranger.webContents.mainFrame)).toEqual(UNTRUSTED_SENDER);
    expect(await ipcMain.invoke(CHANNELS.call, win.webContents, win.webContents.mainFrame, 'about', {})).toMatchObject({ ok: true, value: { kind: 'app' } });
  });

  it('a second instance shows the window', async () => {
    const m = machine([route('custom:Alpha-0', stubA, 'model-a')]);
    const fake = await boot(m.env);
    fake.electron.app.emit('second-instance');
    expect(fake.FakeBrowserWindow.all[0]?.isVisible()).toBe(true);
    fake.FakeBrowserWindow.all[0]!.close();
    expect(fake.FakeBrowserWindow.all[0]!.isDestroyed()).toBe(false);
  });
});

describe('sleep, wake and quit', () => {
  const paintsOver = async (fake: Fake, ms: number) => {
    const before = fake.tray().paints;
    await new Promise((r) => setTimeout(r, ms));
    return fake.tray().paints - before;
  };

  it('suspend pauses the monitor: no check while asleep', async () => {
    const m = machine([route('custom:Alpha-0', stubA, 'model-a')]);
    const fake = await boot(m.env, { extraEnv: { ROUTELIGHTS_INTERVAL_SECONDS: '1' } });
    expect(await paintsOver(fake, 3_000)).toBeGreaterThanOrEqual(2);
    fake.electron.powerMonitor.emit('suspend');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await paintsOver(fake, 3_000)).toBe(0);
  });

  it('resume checks at once, not at the next interval', async () => {
    const m = machine([route('custom:Alpha-0', stubA, 'model-a')]);
    const fake = await boot(m.env, { extraEnv: { ROUTELIGHTS_INTERVAL_SECONDS: '600' } });
    fake.electron.powerMonitor.emit('suspend');
    await new Promise((r) => setTimeout(r, 500));
    const probes = stubA.requests.length;
    fake.electron.powerMonitor.emit('resume');
    await vi.waitFor(() => expect(stubA.requests.length).toBeGreaterThan(probes), { timeout: 10_000 });
  });

  it('quit stops the service, closes the window and removes the socket', async () => {
    const m = machine([route('custom:Alpha-0', stubA, 'model-a')]);
    const fake = await boot(m.env, { extraEnv: { ROUTELIGHTS_INTERVAL_SECONDS: '1' } });
    const socket = socketPathFor(m.data, m.settingsPath);
    await vi.waitFor(() => expect(existsSync(socket)).toBe(true));
    fake.click('open');
    fake.click('quit');
    const win = fake.FakeBrowserWindow.all[0]!;
    expect(win.isDestroyed()).toBe(true);
    expect(fake.tray().destroyed).toBe(true);
    expect(fake.electron.app.quitCalls).toBe(1);
    await vi.waitFor(() => expect(existsSync(socket)).toBe(false));
    const probes = stubA.requests.length;
    await new Promise((r) => setTimeout(r, 2_500));
    expect(stubA.requests.length).toBe(probes);
  });
});

describe('Electron locked down', () => {
  it('denies every permission, blocks navigation, redirects and webviews, and opens only documentation links', async () => {
    const m = machine([route('custom:Alpha-0', stubA, 'model-a')]);
    const fake = await boot(m.env);
    const session = fake.electron.session.defaultSession;
    const granted: boolean[] = [];
    session.request!({} as never, 'media', (ok) => granted.push(ok), {} as never);
    session.request!({} as never, 'clipboard-read', (ok) => granted.push(ok), {} as never);
    expect(granted).toEqual([false, false]);
    expect(session.check!(null, 'notifications', 'file://', {} as never)).toBe(false);

    fake.click('open');
    const contents = fake.FakeBrowserWindow.all[0]!.webContents;
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      contents.emit(event, { preventDefault: () => (prevented = true) }, 'https://evil.example/');
      expect(prevented, event).toBe(true);
    }
    const open = (url: string) => contents.openHandler!({ url } as never);
    expect(open('https://evil.example/phish')).toEqual({ action: 'deny' });
    expect(open('https://user:pw@docs.factory.ai/')).toEqual({ action: 'deny' });
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(open('https://docs.factory.ai/cli/configuration/byok')).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(fake.electron.shell.opened).toEqual(['https://docs.factory.ai/cli/configuration/byok']));
  });

  it('a packaged app ignores ELECTRON_RENDERER_URL and loads its own page; a development run uses it', async () => {
    const m = machine([route('custom:Alpha-0', stubA, 'model-a')]);
    const packaged = await boot(m.env, { packaged: true, extraEnv: { ELECTRON_RENDERER_URL: 'http://127.0.0.1:9/evil' } });
    packaged.click('open');
    expect(packaged.FakeBrowserWindow.all[0]!.loaded).toEqual({ file: expect.stringMatching(/renderer\/index\.html$/) });
    packaged.click('quit');
    const dev = await boot(m.env, { extraEnv: { ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173/' } });
    dev.click('open');
    expect(dev.FakeBrowserWindow.all[0]!.loaded).toEqual({ url: 'http://127.0.0.1:5173/' });
  });

  it('the fake has every name main/ imports from electron', () => {
    const { electron } = fake;
    const imported = new Set<string>();
    for (const file of readdirSync(join(ROOT, 'main')).filter((f) => f.endsWith('.ts') && f !== 'preload.ts')) {
      const text = readFileSync(join(ROOT, 'main', file), 'utf8');
      for (const [, names] of text.matchAll(/import \{([^}]*)\} from 'electron'/g)) {
        for (const name of names!.split(',').map((n) => n.trim()).filter((n) => n && !n.startsWith('type '))) imported.add(name);
      }
    }
    expect(imported.size).toBeGreaterThan(5);
    expect([...imported].filter((name) => !(name in electron))).toEqual([]);
  });
});
