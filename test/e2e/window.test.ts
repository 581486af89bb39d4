// The settings window in Debian's Chromium, against `routelights serve` running the real service over
// real files, a real LiteLLM proxy, the real Droid CLI and a real Secret Service: edit and save (the
// comments and unknown fields survive on disk), a lint warning as you type, a conflict after an
// outside edit, a sentinel turning a route green, and moving a key to the Keychain. Screenshots of the
// main views, light and dark, are kept in test-artifacts/screenshots.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { droidBinary } from '../helpers/droid.ts';
import { startLiteLlm, type LiteLlm } from '../helpers/litellm.ts';
import { startOpenAiStub, type OpenAiStub } from '../helpers/openai-stub.ts';
import { scratchDir } from '../helpers/scratch.ts';
import { startSecretService, type SecretService } from '../helpers/secret-service.ts';
import { serve, type Served } from '../helpers/serve.ts';
import { ROOT } from '../helpers/tools.ts';

const SHOTS = join(ROOT, 'test-artifacts', 'screenshots');
const home = scratchDir('rl-e2e-');
const settingsPath = join(home, '.factory', 'settings.json');
let upstream: OpenAiStub;
let litellm: LiteLlm;
let secrets: SecretService;
let served: Served;
let browser: Browser;
let page: Page;

/** Each test has a route of its own (the running service remembers verdicts by route), in settings written afresh. */
let ROUTE = '';
let n = 0;
const settingsText = (route: string) => `{
  // My Droid settings: RouteLights must keep this comment.
  "customModels": [
    {
      "model": "gpt-5.5",
      "id": "${route}",
      "index": 6,
      "baseUrl": "${litellm.url}/v1",
      "apiKey": "${litellm.masterKey}",
      "displayName": "gpt-5.5 [LiteLLM]",
      "provider": "generic-chat-completion-api",
      "teamNote": "kept as it is"
    }
  ],
  "enableTelemetry": false
}
`;

async function shot(name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(SHOTS, `${name}-${scheme}.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

const row = (id: string) => page.locator(`tr[data-route="${id}"]`);
/** The inspector of a route: the row is selected first (its reason, remedy and actions live there). */
async function inspect(id: string) {
  await row(id).locator('td.c-route').click();
  const pane = page.locator('aside[data-inspector]').filter({ has: page.locator(`.inspector-id:text-is("${id}")`) });
  await pane.waitFor();
  return pane;
}
/** A run ends when Droid has exited, seconds after its verdict; the next test must not find it still running. */
const runFinished = () => expect.poll(() => page.getByRole('button', { name: 'Run all sentinels' }).isEnabled(), { timeout: 30_000 }).toBe(true);

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) throw new Error("The window is not built: run 'npm run build:app' (npm test does).");
  upstream = await startOpenAiStub({ models: ['echo'] });
  litellm = await startLiteLlm(home, [{ alias: 'gpt-5.5', forwardTo: `${upstream.url}/v1`, upstreamModel: 'echo' }]);
  secrets = await startSecretService(home);
  mkdirSync(dirname(settingsPath), { recursive: true });
  writeFileSync(settingsPath, settingsText('custom:gpt-5-5-[LiteLLM]-0'));
  served = await serve(['--droid', droidBinary(), '--settings', settingsPath], {
    PATH: process.env.PATH,
    ...secrets.env,
    ROUTELIGHTS_HOME: join(home, 'data'),
    ROUTELIGHTS_LITELLM_PORTS: String(litellm.port),
    ROUTELIGHTS_MACHINE: 'mac-e2e',
  });
  browser = await launchChromium();
}, 180_000);

beforeEach(async () => {
  ROUTE = `custom:gpt-5-5-[LiteLLM]-${++n}`;
  writeFileSync(settingsPath, settingsText(ROUTE));
  await page?.close();
  page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
  await page.goto(served.url);
  await row(ROUTE).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  secrets?.stop();
  await litellm?.stop();
  await upstream?.close();
});

describe('the settings window in Chromium', () => {
  it('shows the route with its light, reason and surface; the token left the address bar', async () => {
    await expect.poll(() => row(ROUTE).locator('[data-light]').getAttribute('data-light')).toBe('yellow');
    expect(await (await inspect(ROUTE)).locator('.reason').textContent()).toContain('Unproven');
    expect(page.url()).not.toContain('token');
    await shot('routes');
  });

  it('run a sentinel and watch the route turn green', async () => {
    await (await inspect(ROUTE)).getByRole('button', { name: `Run sentinel for ${ROUTE}` }).click();
    await expect.poll(() => row(ROUTE).locator('[data-sentinel]').getAttribute('data-sentinel')).toBe('running');
    await expect.poll(() => row(ROUTE).locator('[data-light]').getAttribute('data-light'), { timeout: 60_000 }).toBe('green');
    expect(await row(ROUTE).locator('[data-sentinel]').getAttribute('data-sentinel')).toBe('pass');
    await runFinished();
  });

  it('edit a route and save: the change is on disk, comments and unknown fields survived', async () => {
    await (await inspect(ROUTE)).getByRole('button', { name: `Edit ${ROUTE}` }).click();
    await page.getByLabel('Display name').fill('GPT 5.5 via LiteLLM ✓');
    expect(await page.getByLabel('Fields RouteLights keeps but does not edit').textContent()).toContain('kept as it is');
    await page.getByRole('button', { name: 'Review changes' }).click();
    await expect.poll(() => page.locator('.diff-add').allTextContents()).toContainEqual(expect.stringContaining('GPT 5.5 via LiteLLM ✓'));
    await shot('editor-review');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await row(ROUTE).waitFor();
    const text = readFileSync(settingsPath, 'utf8');
    expect(text).toContain('// My Droid settings: RouteLights must keep this comment.');
    expect(text).toContain('"teamNote": "kept as it is"');
    expect(text).toContain('"displayName": "GPT 5.5 via LiteLLM ✓"');
  });

  it("the menu bar's \"Open in Settings…\" reaches a window opened cold: the editor opens on that route", async () => {
    await page.close();
    // Let the server see the last window's event stream close: the request is then held for the next window.
    await new Promise((r) => setTimeout(r, 1_000));
    const asked = await fetch(`${served.origin}/api/openRoute`, { method: 'POST', headers: { authorization: `Bearer ${served.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ source: settingsPath, id: ROUTE }) });
    expect(asked.status).toBe(200);
    page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
    await page.goto(served.url);
    await page.getByRole('heading', { name: `Edit ${ROUTE}` }).waitFor({ timeout: 15_000 });
    expect(await page.getByLabel(/^Id/).inputValue()).toBe(ROUTE);
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('a lint warning appears beside the base URL for the Z.AI generic endpoint, as you type', async () => {
    await page.getByRole('button', { name: 'Add route' }).click();
    await page.getByLabel(/^Id/).fill('custom:GLM-5.1-[ZAI]-1');
    await page.getByLabel(/^Model/).fill('glm-5.1');
    await page.getByLabel('Base URL').fill('https://api.z.ai/api/paas/v4');
    await page.locator('[data-rule="zai-generic-endpoint"]').waitFor();
    expect(await page.locator('[data-rule="zai-generic-endpoint"]').textContent()).toContain('/api/coding/paas/v4');
    await shot('editor-lint');
    await page.getByLabel('Base URL').fill('https://api.z.ai/api/coding/paas/v4');
    await page.locator('[data-rule="zai-generic-endpoint"]').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('a conflict after an outside edit: refused, and reload is offered', async () => {
    await (await inspect(ROUTE)).getByRole('button', { name: `Edit ${ROUTE}` }).click();
    await page.getByLabel('Display name').fill('mine');
    writeFileSync(settingsPath, readFileSync(settingsPath, 'utf8').replace('"enableTelemetry": false', '"enableTelemetry": true'));
    await page.getByRole('button', { name: 'Review changes' }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'changed on disk' });
    await alert.waitFor();
    expect(readFileSync(settingsPath, 'utf8')).not.toContain('"displayName": "mine"');
    await alert.getByRole('button', { name: /Reload/ }).click();
    await alert.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('move the plain-text key to the Keychain; the route still proves green through it', async () => {
    await page.getByRole('tab', { name: 'Keys' }).click();
    await page.getByRole('button', { name: 'Move plain-text keys to the Keychain' }).click();
    // A preview first: nothing is written until the move is confirmed.
    await page.getByRole('button', { name: /^Move \d+ keys?$/ }).waitFor();
    expect(readFileSync(settingsPath, 'utf8')).toContain(litellm.masterKey);
    await page.getByRole('button', { name: /^Move \d+ keys?$/ }).click();
    await page.locator('tr[data-key="ROUTELIGHTS_KEY_LITELLM"]').waitFor();
    expect(await page.locator('tr[data-key="ROUTELIGHTS_KEY_LITELLM"]').textContent()).toContain('yes');
    const text = readFileSync(settingsPath, 'utf8');
    expect(text).not.toContain(litellm.masterKey);
    expect(text).toContain('"apiKey": "${ROUTELIGHTS_KEY_LITELLM}"');
    expect(await page.content()).not.toContain(litellm.masterKey);
    await shot('keys');
    await page.getByRole('tab', { name: 'Routes' }).click();
    const asked = upstream.requests.length;
    await (await inspect(ROUTE)).getByRole('button', { name: `Run sentinel for ${ROUTE}` }).click();
    await expect.poll(() => row(ROUTE).locator('[data-sentinel]').getAttribute('data-sentinel'), { timeout: 60_000 }).toBe('pass');
    // LiteLLM accepted the key from the Keychain and forwarded the sentinel upstream.
    expect(upstream.requests.slice(asked).some((r) => r.path.includes('/chat/completions'))).toBe(true);
    await runFinished();
  });

  it('import/export: the exported map carries no key; an import is previewed, then merged by id', async () => {
    await page.getByRole('tab', { name: 'Import / export' }).click();
    await page.getByRole('button', { name: 'Export this machine’s routes' }).click();
    const exported = await page.getByLabel('Exported profile').inputValue();
    expect(exported).toContain(ROUTE);
    expect(exported).not.toContain(litellm.masterKey);
    const profile = JSON.parse(exported);
    profile.routes.push({ ...profile.routes[0], id: 'custom:gpt-5-5-[Other-Mac]-7', index: 7 });
    await page.getByLabel('Profile to import').fill(JSON.stringify(profile));
    await page.getByLabel('Base URL overrides').fill(`${litellm.url}=http://127.0.0.1:${litellm.port}`);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.locator('tr[data-import="add"]').waitFor();
    expect(await page.locator('tr[data-import="add"]').textContent()).toContain('custom:gpt-5-5-[Other-Mac]-7');
    await shot('import');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Imported: 1 change(s)' }).waitFor();
    expect(readFileSync(settingsPath, 'utf8').split(`"id": "${ROUTE}"`)).toHaveLength(2);
    expect(readFileSync(settingsPath, 'utf8')).toContain('custom:gpt-5-5-[Other-Mac]-7');
  });

  it('a project folder added in the window: its route gets a row of its own, marked with the folder', async () => {
    const project = scratchDir('rl-e2e-project-');
    mkdirSync(join(project, '.factory'));
    writeFileSync(join(project, '.factory', 'settings.json'), `{ "customModels": [ { "model": "echo", "id": "custom:Repo-Only-0", "index": 0, "baseUrl": "${upstream.url}/v1", "apiKey": "\${REPO_KEY}", "provider": "generic-chat-completion-api" } ] }`);
    await page.getByRole('tab', { name: 'Projects' }).click();
    await page.getByRole('textbox', { name: 'Folder' }).fill(project);
    await page.getByRole('button', { name: 'Add folder' }).click();
    await page.locator(`tr[data-project="${project}"]`).waitFor();
    expect(await page.locator(`tr[data-project="${project}"]`).textContent()).toContain('.factory/settings.json');
    await page.getByRole('tab', { name: 'Routes' }).click();
    await row('custom:Repo-Only-0').waitFor();
    expect(await row('custom:Repo-Only-0').textContent()).toContain(project);
  });

  it('the account and surfaces have their own panel', async () => {
    await page.getByRole('tab', { name: 'Account & surfaces' }).click();
    await page.locator('[data-layer="droid"]').waitFor();
    expect(await page.locator('[data-layer="droid"]').textContent()).toMatch(/Not logged in/);
    expect(await page.locator(`[data-surface="${litellm.url}"]`).textContent()).toMatch(/LiteLLM is up/);
    await shot('layers');
  });
});
