// The settings window's bugs of issue 17, each proved in Debian's Chromium against `routelights serve`
// (the real service over real files, the real Droid CLI, an OpenAI-compatible stand-in as the surface):
// B1 a conflict's reload rebases the draft on the file, B2 Import writes only what was previewed, B3 a
// cancel right after Run all leaves no row running, B4 a Test verdict goes when the draft changes, B6 a
// saved route shows its own proof, not the editor's, B9 the server gone is said once, never unhandled.
// Each test starts its own serve and scratch folder, so the tests pass alone and in any order.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { undoAfterEach } from '../helpers/cleanups.ts';
import { droidBinary } from '../helpers/droid.ts';
import { startOpenAiStub, type OpenAiStub } from '../helpers/openai-stub.ts';
import { scratchDir } from '../helpers/scratch.ts';
import { serve, type Served } from '../helpers/serve.ts';

let browser: Browser;
let upstream: OpenAiStub;
const cleanup = undoAfterEach();

interface World {
  page: Page;
  served: Served;
  settingsPath: string;
  errors: string[];
}

const entry = (stub: OpenAiStub, n: number) => ({ model: 'echo', id: `custom:Echo-${n}`, index: n, baseUrl: `${stub.url}/v1`, apiKey: `bugs-e2e-key-${n}`, displayName: `Echo ${n}`, provider: 'generic-chat-completion-api' });

async function open(routes = 1): Promise<World> {
  const home = scratchDir('rl-bugs-e2e-');
  const settingsPath = join(home, '.factory', 'settings.json');
  mkdirSync(join(home, '.factory'), { recursive: true });
  writeFileSync(settingsPath, JSON.stringify({ customModels: Array.from({ length: routes }, (_, n) => entry(upstream, n)) }, null, 2));
  const served = await serve(['--droid', droidBinary(), '--settings', settingsPath], { PATH: process.env.PATH, HOME: home, ROUTELIGHTS_HOME: join(home, 'data'), ROUTELIGHTS_KEYCHAIN: 'off', ROUTELIGHTS_MACHINE: 'mac-bugs-e2e' });
  let stopped = false;
  cleanup(() => (stopped ? undefined : served.stop()));
  const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
  cleanup(() => page.close());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(served.url);
  await page.locator('tr[data-route="custom:Echo-0"]').waitFor();
  const stop = served.stop;
  served.stop = async () => {
    stopped = true;
    await stop();
  };
  return { page, served, settingsPath, errors };
}

const sentinelOf = (page: Page, id: string) => page.locator(`tr[data-route="${id}"] [data-sentinel]`).getAttribute('data-sentinel');

beforeAll(async () => {
  upstream = await startOpenAiStub({ models: ['echo', 'other'] });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await upstream?.close();
});

describe("the settings window's bugs (issue 17)", () => {
  it('B1: after a conflict, "Reload (keep my draft)" rebases the draft on the file: the outside change shows in the form and the diff, and the save keeps both', async () => {
    const { page, settingsPath } = await open();
    await page.getByRole('button', { name: 'Edit custom:Echo-0' }).click();
    await page.getByLabel('Display name').fill('Mine');
    // Two fields changed outside while the editor is open.
    const onDisk = JSON.parse(readFileSync(settingsPath, 'utf8'));
    onDisk.customModels[0].model = 'other';
    onDisk.customModels[0].maxOutputTokens = 4096;
    writeFileSync(settingsPath, JSON.stringify(onDisk, null, 2));
    await page.getByRole('button', { name: 'Review changes' }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'changed on disk' });
    await alert.waitFor();
    await alert.getByRole('button', { name: 'Reload (keep my draft)' }).click();
    await alert.waitFor({ state: 'detached' });
    // The form holds the file's new values where the user changed nothing, and the user's own change.
    await expect.poll(() => page.getByLabel(/^Model/).inputValue()).toBe('other');
    expect(await page.getByLabel('Max output tokens').inputValue()).toBe('4096');
    expect(await page.getByLabel('Display name').inputValue()).toBe('Mine');
    const review = page.getByRole('button', { name: 'Review changes' });
    if (await review.isVisible()) await review.click();
    const diff = page.locator('.diff');
    await expect.poll(() => diff.textContent()).toContain('"model": "other"');
    expect(await diff.textContent()).toContain('"maxOutputTokens": 4096');
    expect(await page.locator('[data-outside-field="model"]').textContent()).toContain('"other"');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => JSON.parse(readFileSync(settingsPath, 'utf8')).customModels[0].displayName).toBe('Mine');
    const saved = JSON.parse(readFileSync(settingsPath, 'utf8')).customModels[0];
    expect(saved.model).toBe('other');
    expect(saved.maxOutputTokens).toBe(4096);
  });

  it('B2: Import is disabled once the profile text changes after its preview, until it is previewed again', async () => {
    const { page, settingsPath } = await open();
    await page.getByRole('tab', { name: 'Import / export' }).click();
    await page.getByRole('button', { name: 'Export this machine’s routes' }).click();
    const profile = JSON.parse(await page.getByLabel('Exported profile').inputValue());
    profile.routes.push({ ...profile.routes[0], id: 'custom:Echo-Previewed-7', index: 7 });
    await page.getByLabel('Profile to import').fill(JSON.stringify(profile));
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.locator('tr[data-import="add"]').waitFor();
    const importButton = page.getByRole('button', { name: 'Import', exact: true });
    expect(await importButton.isEnabled()).toBe(true);
    // Edited after the preview: what Import would write was never shown.
    await page.getByLabel('Profile to import').fill(JSON.stringify(profile).replace('custom:Echo-Previewed-7', 'custom:Echo-Never-Shown-8'));
    await expect.poll(() => importButton.isEnabled()).toBe(false);
    await importButton.click({ force: true }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
    expect(readFileSync(settingsPath, 'utf8')).not.toContain('custom:Echo-Never-Shown-8');
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => page.locator('tr[data-import="add"]').textContent()).toContain('custom:Echo-Never-Shown-8');
    await expect.poll(() => importButton.isEnabled()).toBe(true);
  });

  it('B3: Cancel right after "Run all sentinels" leaves no row "running…"', async () => {
    const { page } = await open(6);
    const ids = Array.from({ length: 6 }, (_, n) => `custom:Echo-${n}`);
    await page.getByRole('button', { name: 'Run all sentinels' }).click();
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Run all sentinels' }).isEnabled(), { timeout: 30_000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 1_000));
    for (const id of ids) expect(await sentinelOf(page, id)).not.toBe('running');
    expect(await page.locator('tr[data-route] [data-sentinel]', { hasText: 'running' }).count()).toBe(0);
  });

  it('B4: a Test verdict is cleared when the draft changes (the changed draft is untested)', async () => {
    const { page } = await open();
    await page.getByRole('button', { name: 'Edit custom:Echo-0' }).click();
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await expect.poll(() => page.locator('[data-verdict]').getAttribute('data-verdict'), { timeout: 60_000 }).toBe('pass');
    await page.getByLabel('Base URL').fill(`${upstream.url}/v2`);
    await expect.poll(() => page.locator('[data-verdict]').count()).toBe(0);
    await expect.poll(() => page.getByRole('button', { name: 'Test', exact: true }).isEnabled(), { timeout: 30_000 }).toBe(true);
    // Put back as it was tested: still untested until Test runs again.
    await page.getByLabel('Base URL').fill(`${upstream.url}/v1`);
    expect(await page.locator('[data-verdict]').count()).toBe(0);
  });

  it("B6: a route tested, reviewed and saved shows its own light and proof, never the editor's pass beside 'unproven'", async () => {
    const { page } = await open();
    // Proved once from the list: the row shows the live verdict "pass (n s)".
    await page.getByRole('button', { name: 'Run sentinel for custom:Echo-0' }).click();
    await expect.poll(() => sentinelOf(page, 'custom:Echo-0'), { timeout: 60_000 }).toBe('pass');
    await expect.poll(() => page.getByRole('button', { name: 'Run all sentinels' }).isEnabled(), { timeout: 30_000 }).toBe(true);
    await page.getByRole('button', { name: 'Edit custom:Echo-0' }).click();
    await page.getByLabel('Display name').fill('Echo renamed');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await expect.poll(() => page.locator('[data-verdict]').getAttribute('data-verdict'), { timeout: 60_000 }).toBe('pass');
    await expect.poll(() => page.getByRole('button', { name: 'Test', exact: true }).isEnabled(), { timeout: 30_000 }).toBe(true);
    await page.getByRole('button', { name: 'Review changes' }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const row = page.locator('tr[data-route="custom:Echo-0"]');
    await row.waitFor();
    await expect.poll(() => row.textContent()).toContain('Echo renamed');
    await new Promise((r) => setTimeout(r, 1_000));
    const light = await row.locator('[data-light]').getAttribute('data-light');
    const proof = await sentinelOf(page, 'custom:Echo-0');
    // A proof shown as pass belongs to a green route; an unproven route shows no pass.
    if (proof === 'pass') expect(light).toBe('green');
    if (light !== 'green') expect(await row.textContent()).not.toMatch(/pass \(\d/);
    expect(await page.locator('[data-verdict]').count()).toBe(0);
  });

  it("B9: with the server gone, the as-you-type lint ends in one \"can't reach RouteLights\", not an unhandled rejection", async () => {
    const { page, served, errors } = await open();
    await page.getByRole('button', { name: 'Edit custom:Echo-0' }).click();
    await served.stop();
    await page.getByLabel('Display name').fill('typed while the server is gone');
    await page.getByLabel('Display name').press('End');
    await page.keyboard.type(' more');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(errors.filter((e) => /unreachable|does not answer|fetch/i.test(e))).toEqual([]);
    await expect.poll(() => page.getByRole('alert').filter({ hasText: /can't reach RouteLights/i }).count()).toBe(1);
  });

  it('no view scrolls sideways, from 720×500 to 1100×720 (the routes list, the inspector, the editor, every tab)', async () => {
    const { page } = await open(3);
    const sideways = () => page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    for (const size of [{ width: 720, height: 500 }, { width: 1100, height: 720 }]) {
      await page.setViewportSize(size);
      await page.getByRole('tab', { name: 'Routes' }).click();
      await page.locator('tr[data-route="custom:Echo-0"]').waitFor();
      expect(await sideways()).toBeLessThanOrEqual(0);
      const height = (await page.locator('tr[data-route="custom:Echo-0"]').boundingBox())!.height;
      expect(height).toBeLessThan(40);
      await page.getByRole('button', { name: 'Edit custom:Echo-0' }).click();
      expect(await sideways()).toBeLessThanOrEqual(0);
      // The footer's Save is in view without scrolling.
      const save = (await page.getByRole('button', { name: 'Save', exact: true }).boundingBox())!;
      expect(save.y + save.height).toBeLessThanOrEqual(size.height);
      await page.keyboard.press('Escape');
      await page.locator('tr[data-route="custom:Echo-0"]').waitFor();
      for (const tab of ['Account & surfaces', 'Projects', 'Keys', 'Backups', 'Import / export']) {
        await page.getByRole('tab', { name: tab }).click();
        expect(await sideways(), `${tab} at ${size.width}`).toBeLessThanOrEqual(0);
      }
    }
  });

  it('keyboard: the tabs follow the WAI-ARIA pattern; arrows move the selected row; Ctrl+N opens the editor with the focus in it, Esc returns it to the list', async () => {
    const { page } = await open(2);
    const tab = page.getByRole('tab', { name: 'Routes' });
    await tab.focus();
    expect(await tab.getAttribute('aria-controls')).toBe('panel-routes');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByRole('tab', { name: 'Account & surfaces' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('tab-layers');
    await page.keyboard.press('Home');
    await expect.poll(() => tab.getAttribute('aria-selected')).toBe('true');
    await page.locator('tr[data-route="custom:Echo-0"] td.c-route').click();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('tr[data-route="custom:Echo-1"]').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press(' ');
    await expect.poll(() => page.getByRole('button', { name: /^Run selected/ }).textContent()).toBe('Run selected (1)');
    await page.keyboard.press('Control+n');
    await page.getByRole('heading', { name: 'Add route' }).waitFor();
    expect(await page.evaluate<string | undefined>('document.activeElement?.tagName')).not.toBe('BODY');
    await page.keyboard.press('Escape');
    await page.locator('tr[data-route="custom:Echo-1"]').waitFor();
    await expect.poll(() => page.evaluate<string | null | undefined>("document.activeElement?.getAttribute('data-route')")).toBe('custom:Echo-1');
  });
});
