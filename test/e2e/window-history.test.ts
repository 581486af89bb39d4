// The window's Backups view as a history of user actions, and the Keys view's bulk move as preview →
// apply → Undo (issue 17), in Debian's Chromium against `routelights serve` running the real service over
// real files (and a real Secret Service for the key move). A planted key (the canary) never shows in the
// page. Each test starts its own serve and scratch folder, so the tests pass alone and in any order.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED } from '../../app/model/secret-fields.ts';
import { launchChromium } from '../helpers/browser.ts';
import { undoAfterEach } from '../helpers/cleanups.ts';
import { CANARIES, CANARY } from '../helpers/canary.ts';
import { droidBinary } from '../helpers/droid.ts';
import { startOpenAiStub, type OpenAiStub } from '../helpers/openai-stub.ts';
import { scratchDir } from '../helpers/scratch.ts';
import { startSecretService } from '../helpers/secret-service.ts';
import { serve, type Served } from '../helpers/serve.ts';
import { ROOT } from '../helpers/tools.ts';

const SHOTS = join(ROOT, 'test-artifacts', 'screenshots');
async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

let browser: Browser;
let upstream: OpenAiStub;
const cleanup = undoAfterEach();

interface World {
  page: Page;
  served: Served;
  settingsPath: string;
  /** The settings file as the test wrote it. */
  original: string;
  errors: string[];
  dialogs: string[];
  call: <T = Record<string, unknown>>(method: string, body: Record<string, unknown>) => Promise<T>;
}

const route = (n: number, more: Record<string, unknown>) => ({ model: 'echo', id: `custom:Echo-${n}`, index: n, baseUrl: `${upstream.url}/v1`, displayName: `Echo ${n}`, provider: 'generic-chat-completion-api', ...more });

async function open(routes: Array<Record<string, unknown>>, options: { keychain: boolean }): Promise<World> {
  const home = scratchDir('rl-history-e2e-');
  const settingsPath = join(home, '.factory', 'settings.json');
  mkdirSync(join(home, '.factory'), { recursive: true });
  const original = `{\n  // kept by every undo\n  "customModels": ${JSON.stringify(routes, null, 2).replace(/\n/g, '\n  ')}\n}\n`;
  writeFileSync(settingsPath, original);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, ROUTELIGHTS_HOME: join(home, 'data'), ROUTELIGHTS_MACHINE: 'mac-history-e2e' };
  if (options.keychain) {
    const secrets = await startSecretService(home);
    cleanup(() => secrets.stop());
    Object.assign(env, secrets.env);
  } else {
    env.ROUTELIGHTS_KEYCHAIN = 'off';
  }
  const served = await serve(['--droid', droidBinary(), '--settings', settingsPath], env);
  cleanup(() => served.stop());
  const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
  cleanup(() => page.close());
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Every confirmation is read, then accepted.
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.accept();
  });
  await page.goto(served.url);
  await page.locator('tr[data-route="custom:Echo-0"]').waitFor();
  const call = async <T,>(method: string, body: Record<string, unknown>): Promise<T> => {
    const answer = await fetch(`${served.origin}/api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${served.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await answer.json()) as T;
    if (!answer.ok) throw new Error(`${method}: ${JSON.stringify(json)}`);
    return json;
  };
  return { page, served, settingsPath, original, errors, dialogs, call };
}

/** One save through the API, as one user action; its revision read first. */
async function save(world: World, changes: Array<Record<string, unknown>>): Promise<string> {
  const { revision } = await world.call<{ revision: string }>('routes', {});
  const answer = await world.call<{ status: string; actionId: string | null }>('saveRoutes', { revision, changes });
  expect(answer.status).toBe('saved');
  expect(answer.actionId).toBeTruthy();
  return answer.actionId!;
}

/** Everything the page holds: its markup (attributes, inputs' values) and its text. */
async function pageText(page: Page): Promise<string> {
  return `${await page.content()}\n${await page.locator('body').innerText()}`;
}

async function expectNoCanary(page: Page): Promise<void> {
  const text = await pageText(page);
  for (const canary of Object.values(CANARIES)) expect(text).not.toContain(canary);
}

const entries = (page: Page) => page.locator('li[data-backup]');
const actions = (page: Page) => entries(page).evaluateAll((items) => items.map((li) => li.getAttribute('data-action')));

async function openBackups(page: Page, count: number) {
  await page.getByRole('tab', { name: 'Backups' }).click();
  await expect.poll(() => entries(page).count()).toBe(count);
}

beforeAll(async () => {
  upstream = await startOpenAiStub({ models: ['echo'] });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await upstream?.close();
});

describe('the Backups view as a history, and the keys move as preview, apply, undo', () => {
  it('two saves are two entries with their actions and routes; Show changes masks the key; Undo this puts the file back', async () => {
    const world = await open([route(0, { apiKey: CANARY }), route(1, { apiKey: '${ECHO_KEY}' })], { keychain: false });
    const { page, settingsPath, original } = world;
    // One save of two changes (two routes), then a save of one.
    await save(world, [
      { kind: 'update', id: 'custom:Echo-0', set: { displayName: 'First' } },
      { kind: 'update', id: 'custom:Echo-1', set: { maxOutputTokens: 4096 } },
    ]);
    await save(world, [{ kind: 'update', id: 'custom:Echo-0', set: { displayName: 'Second' } }]);

    await openBackups(page, 2);
    expect(await actions(page)).toEqual(['Edit custom:Echo-0', '2 changes: Edit custom:Echo-0, Edit custom:Echo-1']);
    const [newest, older] = [entries(page).nth(0), entries(page).nth(1)];
    expect(await newest.textContent()).toMatch(/Routes: custom:Echo-0(?!,)/);
    expect(await older.textContent()).toContain('Routes: custom:Echo-0, custom:Echo-1');
    expect(await newest.locator('time').textContent()).toMatch(/ago$/);
    expect(await newest.locator('time').getAttribute('title')).toMatch(/\d/);
    // Restore comes only after the changes were shown.
    const restore = newest.getByRole('button', { name: /^Restore this version/ });
    expect(await restore.isDisabled()).toBe(true);

    await newest.getByRole('button', { name: /^Show changes/ }).click();
    const diff = newest.locator('[data-diff]');
    await diff.waitFor();
    // The backup (before the second save) against the file now: "First" is only in the backup, "Second" only now.
    expect(await diff.locator('[data-line="remove"]').allTextContents()).toEqual([expect.stringMatching(/^− .*"displayName": "First"/)]);
    expect(await diff.locator('[data-line="add"]').allTextContents()).toEqual([expect.stringMatching(/^\+ .*"displayName": "Second"/)]);
    expect(await diff.textContent()).toContain(`"apiKey": "${REDACTED}"`);
    expect(await restore.isEnabled()).toBe(true);
    await expectNoCanary(page);
    await shot(page, 'backups-history');

    // Undo the first save (two changes): the file as the test wrote it, on disk.
    await older.getByRole('button', { name: /^Undo this/ }).click();
    await expect.poll(() => readFileSync(settingsPath, 'utf8')).toBe(original);
    expect(world.dialogs.at(-1)).toContain('Undo “2 changes: Edit custom:Echo-0, Edit custom:Echo-1”');
    expect(world.dialogs.at(-1)).toContain('custom:Echo-0, custom:Echo-1');
    expect(world.dialogs.at(-1)).toContain('also takes back the 1 later change');
    // The undo is itself an entry of the history, on top; the routes show the file as it is now.
    await expect.poll(() => actions(page)).toEqual(['Undo: 2 changes: Edit custom:Echo-0, Edit custom:Echo-1', 'Edit custom:Echo-0', '2 changes: Edit custom:Echo-0, Edit custom:Echo-1']);
    await page.getByRole('status').filter({ hasText: 'Undone: 2 changes' }).waitFor();
    await page.getByRole('tab', { name: 'Routes' }).click();
    await expect.poll(() => page.locator('tr[data-route="custom:Echo-0"]').textContent()).toContain('Echo 0');
    await expectNoCanary(page);
    expect(world.errors).toEqual([]);
  });

  it('the keys move is previewed (nothing written), applied, then undone: the plain key is back on disk and the history names the move', async () => {
    const world = await open([route(0, { apiKey: CANARY }), route(2, { apiKey: '${ECHO_KEY}', extraHeaders: { 'X-Team-Token': CANARIES.header } })], { keychain: true });
    const { page, settingsPath, original } = world;
    await page.getByRole('tab', { name: 'Keys' }).click();
    await page.getByRole('button', { name: 'Move plain-text keys to the Keychain' }).click();
    const preview = page.getByRole('region', { name: 'Preview of the move' });
    await preview.waitFor();
    // The preview: the one key moves; the header is left, with the reason (Droid never expands one).
    const planned = preview.locator('tr[data-move="planned"]');
    expect(await planned.count()).toBe(1);
    expect(await planned.getAttribute('data-route-id')).toBe('custom:Echo-0');
    expect(await planned.textContent()).toContain('apiKey');
    const name = (await planned.locator('td').nth(2).textContent())!;
    expect(name).toMatch(/^[A-Z_][A-Z0-9_]*$/);
    const skipped = preview.locator('tr[data-move="skipped"][data-route-id="custom:Echo-2"]');
    expect(await skipped.textContent()).toContain('extraHeaders.X-Team-Token');
    expect(await skipped.textContent()).toContain('never expanding');
    expect(await preview.textContent()).toContain('routelights exec -- droid');
    expect(await preview.textContent()).toContain(name);
    expect(readFileSync(settingsPath, 'utf8')).toBe(original);
    await expectNoCanary(page);
    await shot(page, 'keys-move-preview');

    await preview.getByRole('button', { name: 'Move 1 key' }).click();
    const done = page.locator('[data-moved]');
    await done.waitFor();
    expect(await done.getAttribute('data-moved')).toBe('1');
    expect(await preview.count()).toBe(0);
    const moved = readFileSync(settingsPath, 'utf8');
    expect(moved).not.toContain(CANARY);
    expect(moved).toContain(`"apiKey": "\${${name}}"`);
    expect(await done.textContent()).toContain('routelights exec -- droid');
    expect(await done.textContent()).toContain('the keys stay in the Keychain');
    await expect.poll(() => page.locator(`tr[data-key="${name}"]`).textContent()).toContain('yes');
    await shot(page, 'keys-moved');

    await done.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => readFileSync(settingsPath, 'utf8')).toBe(original);
    expect(world.dialogs.at(-1)).toContain('The keys stay in the Keychain');
    await done.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'The keys stay in the Keychain' }).waitFor();
    // The key itself stays in the Keychain.
    expect(await page.locator(`tr[data-key="${name}"]`).textContent()).toContain('yes');

    await openBackups(page, 2);
    expect(await actions(page)).toEqual(['Undo: Move plain-text keys to the Keychain', 'Move plain-text keys to the Keychain']);
    expect(await entries(page).nth(1).textContent()).toContain('Routes: custom:Echo-0');
    await expectNoCanary(page);
    expect(world.errors).toEqual([]);
  });

  it('Scrub them deletes the backups that hold a key in clear: the banner goes, and backups.list agrees', async () => {
    const world = await open([route(0, { apiKey: '${ECHO_KEY}' })], { keychain: false });
    const { page } = world;
    // The first backup (before the key was written in clear) holds none; the two after it do.
    await save(world, [{ kind: 'update', id: 'custom:Echo-0', set: { apiKey: CANARY } }]);
    await save(world, [{ kind: 'update', id: 'custom:Echo-0', set: { displayName: 'Once' } }]);
    await save(world, [{ kind: 'update', id: 'custom:Echo-0', set: { displayName: 'Twice' } }]);

    await openBackups(page, 3);
    const section = page.locator('section[data-plain-backups]');
    expect(await section.getAttribute('data-plain-backups')).toBe('2');
    const banner = page.getByRole('region', { name: 'Backups holding a key in clear' });
    expect(await banner.textContent()).toContain('2 backups still hold a key in clear');
    expect(await entries(page).filter({ hasText: 'This version holds a key in clear' }).count()).toBe(2);
    await expectNoCanary(page);

    await banner.getByRole('button', { name: 'Scrub them' }).click();
    await expect.poll(() => section.getAttribute('data-plain-backups')).toBe('0');
    expect(world.dialogs.at(-1)).toContain('Delete the 2 backups');
    await banner.waitFor({ state: 'detached' });
    await expect.poll(() => entries(page).count()).toBe(1);
    expect(await actions(page)).toEqual(['Edit custom:Echo-0']);
    await page.getByRole('status').filter({ hasText: 'Deleted 2 backup(s)' }).waitFor();
    const listed = await world.call<{ backups: Array<{ holdsPlainKey: boolean }> }>('backups.list', {});
    expect(listed.backups).toHaveLength(1);
    expect(listed.backups.filter((b) => b.holdsPlainKey)).toEqual([]);
    await expectNoCanary(page);
    expect(world.errors).toEqual([]);
  });
});
