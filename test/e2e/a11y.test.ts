// The settings window's accessibility in Debian's Chromium, against `routelights serve` running the real
// service over real files and the real Droid CLI: every view (Routes with the inspector, the editor,
// Account & surfaces, Projects, Keys, Backups, Import / export), light and dark, at 1100×720 and at
// 720×500, checked by axe-core (no serious or critical violation) and, at 720×500, for sideways scroll.
// The routes have lights of their own: one on an OpenAI-compatible stand-in (its surface answers), one
// whose surface is down (a free port with nothing listening). The README's screenshots of Routes, the
// editor and the layers (<view>-<width>x<height>-<scheme>.png) are taken here: into test-artifacts, and
// into docs/screenshots with ROUTELIGHTS_UPDATE_SCREENSHOTS=1 (a test run never rewrites tracked files).
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { droidBinary } from '../helpers/droid.ts';
import { startOpenAiStub, type OpenAiStub } from '../helpers/openai-stub.ts';
import { scratchDir } from '../helpers/scratch.ts';
import { serve, type Served } from '../helpers/serve.ts';
import { freePort, ROOT } from '../helpers/tools.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SHOTS = process.env.ROUTELIGHTS_UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'screenshots') : join(ROOT, 'test-artifacts', 'screenshots');
const SIZES = [
  { width: 1100, height: 720 },
  { width: 720, height: 500 },
] as const;
const SCHEMES = ['light', 'dark'] as const;
const UP = 'custom:Echo-0';
const DOWN = 'custom:Down-1';
const UNPROVEN = 'custom:Echo-2';

type ViewName = 'routes' | 'menu' | 'editor' | 'review' | 'layers' | 'projects' | 'keys' | 'backups' | 'profiles' | 'import';
type Tab = Exclude<ViewName, 'editor' | 'review' | 'menu' | 'import'>;
const TABS: Record<Tab, string> = {
  routes: 'Routes',
  layers: 'Account & surfaces',
  projects: 'Projects',
  keys: 'Keys',
  backups: 'Backups',
  profiles: 'Import / export',
};
/** Every tab, and the states within them a person meets: a route's context menu, the editor and its review, an import's preview. */
const VIEWS: ViewName[] = ['routes', 'menu', 'editor', 'review', 'layers', 'projects', 'keys', 'backups', 'profiles', 'import'];
/** The views the README shows. */
const PICTURED = new Set<ViewName>(['routes', 'editor', 'layers']);

let upstream: OpenAiStub;
let served: Served;
let browser: Browser;

interface AxeNode {
  target: unknown[];
  failureSummary?: string;
  html: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

/** Shows a view as a person would reach it: Routes with a route selected, the editor from its inspector. */
async function show(page: Page, view: ViewName): Promise<void> {
  if (view === 'menu') {
    await show(page, 'routes');
    await page.locator(`tr[data-route="${UP}"] td.c-route`).click({ button: 'right' });
    await page.getByRole('menu', { name: `Actions for ${UP}` }).waitFor();
    return;
  }
  if (view === 'editor' || view === 'review') {
    await show(page, 'routes');
    await page.getByRole('button', { name: `Edit ${UP}` }).click();
    await page.getByRole('heading', { name: `Edit ${UP}` }).waitFor();
    if (view === 'review') {
      await page.getByLabel('Display name').fill('Echo (stand-in, renamed)');
      await page.getByRole('button', { name: 'Review changes' }).click();
      await page.locator('.diff-add').first().waitFor();
    }
    return;
  }
  if (view === 'import') {
    await show(page, 'profiles');
    await page.getByRole('button', { name: 'Export this machine’s routes' }).click();
    const profile = JSON.parse(await page.getByLabel('Exported profile').inputValue());
    profile.routes.push({ ...profile.routes[0], id: 'custom:Echo-Imported-7', index: 7 });
    await page.getByLabel('Profile to import').fill(JSON.stringify(profile));
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.locator('tr[data-import="add"]').waitFor();
    return;
  }
  // Close a context menu, leave an open editor (Cancel), or the Routes tab would show it again.
  if (await page.getByRole('menu').isVisible()) await page.keyboard.press('Escape');
  const cancel = page.getByRole('button', { name: 'Cancel', exact: true });
  if (await cancel.isVisible()) await cancel.click();
  await page.getByRole('tab', { name: TABS[view] }).click();
  await page.locator(`#panel-${view}`).waitFor();
  if (view === 'routes') {
    await page.locator(`tr[data-route="${UP}"] td.c-route`).click();
    await page.locator('aside[data-inspector]').filter({ has: page.locator(`.inspector-id:text-is("${UP}")`) }).waitFor();
  } else if (view === 'layers') {
    await page.locator(`[data-surface="${upstream.url}"]`).waitFor();
  } else {
    await page.locator(`#panel-${view} h2`).first().waitFor();
  }
  // Let pending fetches (keys, backups, projects) settle into the view (the event stream never idles).
  await page.waitForTimeout(300);
}

const describeViolations = (violations: AxeViolation[]) =>
  violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  at ${JSON.stringify(n.target)}: ${n.html.slice(0, 160)}\n    ${(n.failureSummary ?? '').replace(/\n/g, '\n    ')}`).join('\n')}`)
    .join('\n');

/** Set ROUTELIGHTS_A11Y_ALL=1 to see the moderate and minor findings too (they do not fail the test). */
const ALL = process.env.ROUTELIGHTS_A11Y_ALL === '1';

async function axeViolations(page: Page, where: string): Promise<AxeViolation[]> {
  if (!(await page.evaluate<boolean>("'axe' in window"))) await page.addScriptTag({ path: AXE });
  // Run in the page (a string: the tests are typed without the DOM's names).
  const found = await page.evaluate<AxeViolation[]>(`axe.run(document, { resultTypes: ['violations'] }).then((result) =>
    result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary, html: n.html })) })))`);
  const lesser = found.filter((v) => v.impact !== 'serious' && v.impact !== 'critical');
  if (ALL && lesser.length) process.stdout.write(`axe, not serious, in ${where}:\n${describeViolations(lesser)}\n`);
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** What scrolls the page sideways: the document's overflow, and every element reaching past the viewport. */
async function sideways(page: Page): Promise<{ scrollWidth: number; clientWidth: number; wide: string[] }> {
  return page.evaluate<{ scrollWidth: number; clientWidth: number; wide: string[] }>(`(() => {
    const root = document.scrollingElement;
    const width = root.clientWidth;
    // An element inside a box that clips or scrolls sideways cannot widen the page.
    const clipped = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (['hidden', 'clip', 'auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true;
      }
      return false;
    };
    const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    const wide = [...document.body.querySelectorAll('*')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && (r.right > width + 0.5 || r.left < -0.5) && !clipped(el) && getComputedStyle(el).position !== 'fixed';
      })
      .map((el) => name(el) + ' (' + Math.round(el.getBoundingClientRect().left) + '..' + Math.round(el.getBoundingClientRect().right) + ')');
    return { scrollWidth: root.scrollWidth, clientWidth: width, wide };
  })()`);
}

beforeAll(async () => {
  upstream = await startOpenAiStub({ models: ['echo'] });
  const nothing = await freePort();
  const home = scratchDir('rl-a11y-e2e-');
  const settingsPath = join(home, '.factory', 'settings.json');
  mkdirSync(join(home, '.factory'), { recursive: true });
  // Lights of every kind: Echo-0 proved green (below), Echo-2 unproven yellow, Down-1 red (its surface is
  // down), and Down-1 again, an entry Droid ignores (its id repeats): a dimmed row.
  const entries = [
    { model: 'echo', id: UP, index: 0, baseUrl: `${upstream.url}/v1`, apiKey: 'a11y-e2e-key-0', displayName: 'Echo (stand-in)', provider: 'generic-chat-completion-api' },
    { model: 'gpt-5.5', id: DOWN, index: 1, baseUrl: `http://127.0.0.1:${nothing}/v1`, apiKey: 'a11y-e2e-key-1', displayName: 'Down (nothing listens)', provider: 'generic-chat-completion-api' },
    { model: 'echo', id: UNPROVEN, index: 2, baseUrl: `${upstream.url}/v1`, apiKey: 'a11y-e2e-key-2', displayName: 'Echo, not proved yet', provider: 'generic-chat-completion-api' },
    { model: 'gpt-5.5', id: DOWN, index: 1, baseUrl: `http://127.0.0.1:${nothing}/v1`, apiKey: 'a11y-e2e-key-1', displayName: 'Down again (same id)', provider: 'generic-chat-completion-api' },
  ];
  writeFileSync(settingsPath, JSON.stringify({ customModels: entries }, null, 2));
  served = await serve(['--droid', droidBinary(), '--settings', settingsPath], { PATH: process.env.PATH, HOME: home, ROUTELIGHTS_HOME: join(home, 'data'), ROUTELIGHTS_KEYCHAIN: 'off', ROUTELIGHTS_MACHINE: 'mac-a11y' });
  browser = await launchChromium();
  // A sentinel proves Echo-0 through the real Droid once: the service remembers its green for every page.
  const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
  await page.goto(served.url);
  await page.locator(`tr[data-route="${UP}"] td.c-route`).click();
  await page.getByRole('button', { name: `Run sentinel for ${UP}` }).click();
  await page.locator(`tr[data-route="${UP}"] [data-light="green"]`).waitFor({ timeout: 90_000 });
  await page.getByRole('button', { name: 'Run all sentinels' }).and(page.locator(':enabled')).waitFor({ timeout: 30_000 });
  await page.close();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  await upstream?.close();
});

for (const size of SIZES) {
  for (const scheme of SCHEMES) {
    describe(`the window at ${size.width}×${size.height}, ${scheme}`, () => {
      let page: Page;
      let errors: string[];
      beforeAll(async () => {
        // The window's CSP allows no inline script: axe is injected past it (the page's own rules stay in force otherwise).
        page = await browser.newPage({ viewport: size, bypassCSP: true });
        errors = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
        await page.goto(served.url);
        await page.locator(`tr[data-route="${UP}"]`).waitFor();
        // The down surface has been checked: its route is red.
        await page.locator(`tr[data-route="${DOWN}"] [data-light="red"]`).first().waitFor({ timeout: 30_000 });
      });
      afterAll(async () => {
        await page?.close();
      });

      for (const view of VIEWS) {
        it(`${view}: no serious or critical axe violation${size.width === 720 ? ', no sideways scroll' : ''}`, async () => {
          await show(page, view);
          const violations = await axeViolations(page, `${view} at ${size.width}×${size.height}, ${scheme}`);
          expect(violations, `axe in ${view} at ${size.width}×${size.height}, ${scheme}:\n${describeViolations(violations)}`).toEqual([]);
          if (size.width === 720) {
            const { scrollWidth, clientWidth, wide } = await sideways(page);
            expect({ scrollWidth, wide }, `${view} scrolls sideways at ${size.width}×${size.height} (${scrollWidth} > ${clientWidth}): ${wide.join(', ')}`).toEqual({ scrollWidth: clientWidth, wide: [] });
          }
          if (PICTURED.has(view)) {
            mkdirSync(SHOTS, { recursive: true });
            await page.mouse.move(0, 0);
            await page.screenshot({ path: join(SHOTS, `${view}-${size.width}x${size.height}-${scheme}.png`), fullPage: false, animations: 'disabled', caret: 'hide' });
          }
          expect(errors).toEqual([]);
        });
      }
    });
  }
}
