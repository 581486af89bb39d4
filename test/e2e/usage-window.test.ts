// Quota and balance in the settings window, in Debian's Chromium against `routelights serve` and the
// usage stand-in (Z.AI's monitor API, Kimi's /coding/v1/usages): the routes table's Quota cell (a meter
// per window, the route's quota phrase, why a reading failed), a used-up window turning the route red
// after Refresh, and the surface panel's Kind and "Warn below" saved through surfaces.set; the real
// CLIProxyAPI's Codex account and the real LiteLLM (no database) in the same column. Each test starts
// its own serve, stand-in and scratch folder, so the tests pass alone and in any order.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockTime } from '../../app/model/usage.ts';
import { launchChromium } from '../helpers/browser.ts';
import { undoAfterEach } from '../helpers/cleanups.ts';
import { startCliProxyApi } from '../helpers/cliproxyapi.ts';
import { startLiteLlm } from '../helpers/litellm.ts';
import { scratchDir } from '../helpers/scratch.ts';
import { serve, type Served } from '../helpers/serve.ts';
import { ROOT } from '../helpers/tools.ts';
import { startUsageStandIn, type UsageStandIn } from '../helpers/usage-standin.ts';

const SHOTS = join(ROOT, 'test-artifacts', 'screenshots');
/** The page reads reset times in the same zone as this process, so that both say the same clock time. */
const TIMEZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
/** The Quota cell keeps 11em (13 px) plus its padding: the table gets no wider for it. */
const QUOTA_CELL_MAX_PX = 11 * 13 + 12 + 1;

let browser: Browser;
const cleanup = undoAfterEach();

interface World {
  page: Page;
  served: Served;
  call: (method: string, body?: unknown) => Promise<unknown>;
}

interface RouteSpec {
  id: string;
  model: string;
  baseUrl: string;
  apiKey?: string;
  provider?: string;
}

const zaiRoute = (s: UsageStandIn, id: string): RouteSpec => ({ id, model: 'glm-5.1', baseUrl: `${s.url}/api/coding/paas/v4` });
const kimiRoute = (s: UsageStandIn, id: string): RouteSpec => ({ id, model: 'kimi-for-coding', baseUrl: `${s.url}/coding/v1` });

async function standIn(models: string[]): Promise<UsageStandIn> {
  const s = await startUsageStandIn(models);
  cleanup(() => s.close());
  return s;
}

/** A scratch home with these routes, `routelights serve` on it (no Droid, no keychain), and a page on its window. */
async function open(routes: RouteSpec[], surfaceKinds?: string, env: Record<string, string> = {}): Promise<World> {
  const home = scratchDir('rl-usage-e2e-');
  const settingsPath = join(home, '.factory', 'settings.json');
  mkdirSync(join(home, '.factory'), { recursive: true });
  const customModels = routes.map((r, index) => ({ model: r.model, id: r.id, index, baseUrl: r.baseUrl, apiKey: r.apiKey ?? `usage-e2e-key-${index}`, displayName: r.id.replace(/^custom:/, ''), provider: r.provider ?? 'generic-chat-completion-api' }));
  writeFileSync(settingsPath, JSON.stringify({ customModels }, null, 2));
  const served = await serve(['--settings', settingsPath], {
    PATH: '/usr/bin:/bin',
    HOME: home,
    ROUTELIGHTS_HOME: join(home, 'data'),
    ROUTELIGHTS_KEYCHAIN: 'off',
    ROUTELIGHTS_MACHINE: 'mac-usage-e2e',
    ...(process.env.TZ ? { TZ: process.env.TZ } : {}),
    ...(surfaceKinds ? { ROUTELIGHTS_SURFACE_KINDS: surfaceKinds } : {}),
    ...env,
  });
  cleanup(() => served.stop());
  const page = await browser.newPage({ viewport: { width: 1100, height: 720 }, timezoneId: TIMEZONE });
  cleanup(() => page.close());
  await page.goto(served.url);
  for (const r of routes) await page.locator(`tr[data-route="${r.id}"]`).waitFor();
  const call = async (method: string, body: unknown = {}) => {
    const answer = await fetch(`${served.origin}/api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${served.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return answer.json();
  };
  return { page, served, call };
}

const row = (page: Page, id: string) => page.locator(`tr[data-route="${id}"]`);
const quota = (page: Page, id: string) => row(page, id).locator('td[data-quota]');
/** A route's reason, in the inspector once its row is selected. */
async function reasonOf(page: Page, id: string): Promise<string | null> {
  await row(page, id).locator('td.c-route').click();
  return page.locator('aside[data-inspector]').filter({ has: page.locator(`.inspector-id:text-is("${id}")`) }).locator('.reason').textContent();
}
const lightOf = (page: Page, id: string) => row(page, id).locator('[data-light]').getAttribute('data-light');
const clock = (at: Date) => clockTime(at.toISOString(), new Date());

async function refresh(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
}

async function cellWidth(cell: Locator): Promise<number> {
  return (await cell.boundingBox())?.width ?? Infinity;
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(SHOTS, `${name}-${scheme}.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('quota and balance in the window', () => {
  it('a Z.AI route shows the share left of its 5-hour window; used up and refreshed, it turns red naming the reset', async () => {
    const zai = await standIn(['glm-5.1']);
    const id = 'custom:GLM-5.1-[ZAI]-0';
    const { page } = await open([zaiRoute(zai, id)], `${zai.url}=zai`);
    const cell = quota(page, id);

    await expect.poll(() => cell.getAttribute('data-quota'), { timeout: 20_000 }).toBe('ok');
    expect(await cell.textContent()).toContain(`62 % of 5-hour tokens left · resets ${clock(zai.resetsAt)}`);
    const meter = cell.getByRole('meter', { name: `Z.AI GLM Coding Pro, 5-hour tokens: 62 % left, resets ${clock(zai.resetsAt)}` });
    expect(await meter.getAttribute('aria-valuenow')).toBe('62');
    // One bar: the route's calls draw from the 5-hour tokens, not from the monthly tool calls.
    expect(await cell.getByRole('meter').count()).toBe(1);
    expect(await cellWidth(cell)).toBeLessThanOrEqual(QUOTA_CELL_MAX_PX);
    expect(await lightOf(page, id)).toBe('yellow'); // unproven: no sentinel has run
    await shot(page, 'usage-routes');

    zai.used5h = 100;
    await refresh(page);
    await expect.poll(() => lightOf(page, id), { timeout: 20_000 }).toBe('red');
    expect(await row(page, id).getAttribute('data-layer')).toBe('quota');
    expect(await cell.getAttribute('data-quota')).toBe('exhausted');
    const reason = await reasonOf(page, id);
    expect(reason).toContain('Z.AI GLM Coding Pro: 5-hour tokens used up');
    expect(reason).toContain(`resets at ${clock(zai.resetsAt)}`);
    // Used up reads without colour: the glyph beside the bar, and the meter's name.
    expect(await cell.locator('[data-window="tokens-5h"]').textContent()).toContain('✕');
    await cell.getByRole('meter', { name: `Z.AI GLM Coding Pro, 5-hour tokens: 0 % left (used up), resets ${clock(zai.resetsAt)}` }).waitFor();
    await shot(page, 'usage-routes-exhausted');

    // The surface panel: the kind the environment set is read-only; the readings with their windows.
    await page.getByRole('tab', { name: 'Account & surfaces' }).click();
    const card = page.locator(`[data-surface="${zai.url}"]`);
    await card.locator('[data-kind-from-env]').waitFor();
    expect(await card.locator('[data-kind-from-env]').textContent()).toContain('zai (set by ROUTELIGHTS_SURFACE_KINDS)');
    expect(await card.getByRole('combobox', { name: 'Kind' }).count()).toBe(0);
    const reading = await card.locator('.usage-reading').textContent();
    expect(reading).toContain('Z.AI GLM Coding Pro');
    expect(reading).toContain('0 % of 5-hour tokens left');
    expect(reading).toContain('54 % of monthly tool calls left (route calls do not draw from it)');
    expect(await card.getByRole('meter').count()).toBe(2);
    await shot(page, 'usage-surfaces');
  });

  it('a Kimi route shows its 5-hour and weekly windows, and turns red when the 5-hour one is used up', async () => {
    const kimi = await standIn(['kimi-for-coding']);
    const id = 'custom:Kimi-For-Coding-[Kimi]-0';
    const { page } = await open([kimiRoute(kimi, id)], `${kimi.url}=kimi`);
    const cell = quota(page, id);

    await expect.poll(() => cell.getAttribute('data-quota'), { timeout: 20_000 }).toBe('ok');
    expect(await cell.textContent()).toContain(`62 % of 5-hour requests left · resets ${clock(kimi.resetsAt)}`);
    await cell.getByRole('meter', { name: `Kimi For Coding, 5-hour requests: 62 % left, resets ${clock(kimi.resetsAt)}` }).waitFor();
    await cell.getByRole('meter', { name: /^Kimi For Coding, weekly requests: 80 % left/ }).waitFor();
    const before = await lightOf(page, id);
    expect(before).not.toBe('red');

    kimi.used5h = 100;
    await refresh(page);
    await expect.poll(() => lightOf(page, id), { timeout: 20_000 }).toBe('red');
    expect(await cell.getAttribute('data-quota')).toBe('exhausted');
    expect(await reasonOf(page, id)).toContain(`Kimi For Coding: 5-hour requests used up (resets at ${clock(kimi.resetsAt)}`);
  });

  it('an undeclared stand-in starts as openai-compatible with no quota; Kind "zai" in the surface panel brings the Z.AI quota after Refresh', async () => {
    const zai = await standIn(['glm-5.1']);
    const id = 'custom:GLM-5.1-[Gateway]-0';
    const { page, call } = await open([zaiRoute(zai, id)]);
    const cell = quota(page, id);

    await expect.poll(() => row(page, id).locator('td.surface').textContent(), { timeout: 20_000 }).toContain('openai-compatible');
    expect(await cell.getAttribute('data-quota')).toBe('none');
    expect(await cell.getByRole('meter').count()).toBe(0);
    expect(await call('surfaces.list')).toEqual({ surfaces: [] });

    await page.getByRole('tab', { name: 'Account & surfaces' }).click();
    const card = page.locator(`[data-surface="${zai.url}"]`);
    const kind = card.getByRole('combobox', { name: 'Kind' });
    await expect.poll(() => kind.isEnabled()).toBe(true);
    expect(await kind.inputValue()).toBe('');
    await kind.selectOption('zai');
    await expect.poll(() => kind.inputValue()).toBe('zai');
    await expect.poll(() => card.locator('strong').first().textContent(), { timeout: 20_000 }).toBe('zai');

    await page.getByRole('tab', { name: 'Routes' }).click();
    await refresh(page);
    await expect.poll(() => cell.getAttribute('data-quota'), { timeout: 20_000 }).toBe('ok');
    expect(await cell.textContent()).toContain('62 % of 5-hour tokens left');
    await cell.getByRole('meter', { name: /^Z\.AI GLM Coding Pro, 5-hour tokens: 62 % left/ }).waitFor();
    expect(await row(page, id).locator('td.surface').textContent()).toBe('zai');
    expect(await row(page, id).locator('td.surface').getAttribute('title')).toBe(`zai at ${zai.url}`);
    expect(await call('surfaces.list')).toEqual({ surfaces: [{ origin: zai.url, kind: 'zai', kindFromEnv: false, lowPercent: null }] });
  });

  it('a key the usage API rejects shows "usage not read" with the reason (the remedy in its tooltip); the light stays as it was', async () => {
    const zai = await standIn(['glm-5.1']);
    const id = 'custom:GLM-5.1-[ZAI]-0';
    const { page } = await open([zaiRoute(zai, id)], `${zai.url}=zai`);
    const cell = quota(page, id);
    await expect.poll(() => cell.getAttribute('data-quota'), { timeout: 20_000 }).toBe('ok');
    const light = await lightOf(page, id);
    const layer = await row(page, id).getAttribute('data-layer');
    const reason = await reasonOf(page, id);

    zai.mode = 'bad-key';
    await refresh(page);
    await expect.poll(() => cell.getAttribute('data-usage-problem'), { timeout: 20_000 }).toBe('key-rejected');
    const problem = cell.locator('.quota-line', { hasText: 'usage not read:' });
    expect(await problem.textContent()).toMatch(/^usage not read: Z\.AI's usage API at .* rejected the route's key \(HTTP 200 with code 401/);
    expect(await problem.getAttribute('title')).toContain("Check the key in the route's apiKey");
    // The last good windows are kept and say when they were read; the failed reading changes no light.
    expect(await cell.textContent()).toContain('62 % of 5-hour tokens left');
    expect(await lightOf(page, id)).toBe(light);
    expect(await row(page, id).getAttribute('data-layer')).toBe(layer);
    expect(await reasonOf(page, id)).toBe(reason);

    await page.getByRole('tab', { name: 'Account & surfaces' }).click();
    const said = page.locator(`[data-surface="${zai.url}"] [data-usage-problem="key-rejected"]`);
    await said.waitFor();
    expect(await said.textContent()).toContain("Check the key in the route's apiKey");
  });

  it('"Warn below … % left" on a surface the environment declares: above the share left, the route turns yellow by its quota; cleared, it is back', async () => {
    const zai = await standIn(['glm-5.1']);
    const id = 'custom:GLM-5.1-[ZAI]-0';
    const { page, call } = await open([zaiRoute(zai, id)], `${zai.url}=zai`);
    const cell = quota(page, id);
    await expect.poll(() => cell.getAttribute('data-quota'), { timeout: 20_000 }).toBe('ok');

    await page.getByRole('tab', { name: 'Account & surfaces' }).click();
    const threshold = page.locator(`[data-surface="${zai.url}"]`).getByRole('spinbutton', { name: /Warn below/ });
    await threshold.fill('70');
    await threshold.press('Enter');
    await expect.poll(() => call('surfaces.list')).toEqual({ surfaces: [{ origin: zai.url, kind: 'zai', kindFromEnv: true, lowPercent: 70 }] });

    await page.getByRole('tab', { name: 'Routes' }).click();
    await expect.poll(() => cell.getAttribute('data-quota'), { timeout: 20_000 }).toBe('low');
    expect(await cell.locator('[data-window="tokens-5h"]').textContent()).toContain('◐');
    expect(await row(page, id).getAttribute('data-layer')).toBe('quota');
    expect(await lightOf(page, id)).toBe('yellow');
    expect(await reasonOf(page, id)).toContain('below the 70 % warning threshold');

    await page.getByRole('tab', { name: 'Account & surfaces' }).click();
    await threshold.fill('');
    await threshold.press('Enter');
    await expect.poll(() => call('surfaces.list')).toEqual({ surfaces: [{ origin: zai.url, kind: 'zai', kindFromEnv: true, lowPercent: null }] });
    await page.getByRole('tab', { name: 'Routes' }).click();
    await expect.poll(() => cell.getAttribute('data-quota'), { timeout: 20_000 }).toBe('ok');
    expect(await row(page, id).getAttribute('data-layer')).not.toBe('quota');
  });

  it("the real CLIProxyAPI's Codex account windows, the real LiteLLM without a database (no budget to read), and a LiteLLM virtual key's budget", async () => {
    // One stand-in answers both Codex's usage endpoint and LiteLLM's /key/info for a budgeted key (as measured with a database).
    const codex = await standIn(['gpt-5.5']);
    const engine = await startCliProxyApi({ dir: scratchDir('rl-usage-e2e-cpa-'), apiKeys: ['client-key-e2e-0123456789'] });
    cleanup(() => engine.stop());
    writeFileSync(join(engine.authDir, 'codex-me@example.com.json'), JSON.stringify({ type: 'codex', email: 'me@example.com', access_token: 'codex-e2e-token-0123456789', account_id: 'acct-e2e', expired: '2099-01-01T00:00:00Z' }));
    const litellm = await startLiteLlm(scratchDir('rl-usage-e2e-litellm-'), [{ alias: 'gpt-5.5', mock: 'OK' }]);
    cleanup(() => litellm.stop());
    const viaEngine = 'custom:GPT-5.5-[VibeProxy]-0';
    const viaLiteLlm = 'custom:GPT-5.5-[LiteLLM]-1';
    const withBudget = 'custom:GPT-5.5-[Team]-2';
    const { page } = await open(
      [
        { id: viaEngine, model: 'gpt-5.5', baseUrl: `${engine.url}/v1`, apiKey: 'client-key-e2e-0123456789', provider: 'openai' },
        { id: viaLiteLlm, model: 'gpt-5.5', baseUrl: `${litellm.url}/v1`, apiKey: litellm.masterKey },
        { id: withBudget, model: 'gpt-5.5', baseUrl: `${codex.url}/v1`, apiKey: 'sk-virtual-e2e-0123456789' },
      ],
      `${engine.url}=vibeproxy,${codex.url}=litellm`,
      { ROUTELIGHTS_VIBEPROXY_AUTH_DIR: engine.authDir, ROUTELIGHTS_VIBEPROXY_ENGINE_PORT: String(engine.port), ROUTELIGHTS_CODEX_USAGE_URL: `${codex.url}/backend-api/wham/usage`, ROUTELIGHTS_LITELLM_PORTS: String(litellm.port) },
    );
    // The engine picks the auth file up on its own: Refresh until its account's windows are read.
    await expect
      .poll(async () => {
        await refresh(page);
        return quota(page, viaEngine).getAttribute('data-quota');
      }, { timeout: 30_000, interval: 500 })
      .toBe('ok');
    const cell = quota(page, viaEngine);
    expect(await cell.getByRole('meter', { name: `Codex account me@example.com (plus), 5-hour window: 62 % left, resets ${clock(codex.resetsAt)}` }).getAttribute('aria-valuenow')).toBe('62');
    expect(await cell.getByRole('meter').count()).toBe(2);
    const budget = quota(page, viaLiteLlm);
    await expect.poll(() => budget.textContent(), { timeout: 20_000 }).toContain('no budget to read: the proxy runs without a database');
    expect(await budget.getByRole('meter').count()).toBe(0);
    expect(await lightOf(page, viaLiteLlm)).toBe('yellow');
    expect(await quota(page, withBudget).getByRole('meter', { name: `LiteLLM key "team-a", budget (5h): 62 % left, resets ${clock(codex.resetsAt)}` }).getAttribute('aria-valuenow')).toBe('62');
  });
});
