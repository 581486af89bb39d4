// Benchmark (printed): the window's bundle size (raw and gzipped) and the time to first render in
// Chromium, from navigation to the routes table, against `routelights serve` with 20 routes.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../helpers/browser.ts';
import { serve } from '../helpers/serve.ts';
import { ROOT } from '../helpers/tools.ts';
import { printTable } from './table.ts';

const assets = join(ROOT, 'out', 'renderer', 'assets');
let raw = 0;
let gz = 0;
for (const f of readdirSync(assets)) {
  raw += statSync(join(assets, f)).size;
  gz += gzipSync(readFileSync(join(assets, f))).length;
}
const home = mkdtempSync(join(tmpdir(), 'rl-bench-render-'));
const settings = join(home, 'settings.json');
writeFileSync(settings, JSON.stringify({ customModels: Array.from({ length: 20 }, (_, i) => ({ model: 'm', id: `custom:R-${i}`, index: i, baseUrl: `http://127.0.0.1:9/v1`, provider: 'generic-chat-completion-api' })) }));
const served = await serve(['--settings', settings], { PATH: process.env.PATH, HOME: home, ROUTELIGHTS_KEYCHAIN: 'off', ROUTELIGHTS_HOME: join(home, 'data') });
const browser = await launchChromium();
const times: number[] = [];
for (let i = 0; i < 5; i++) {
  const page = await browser.newPage();
  const t0 = performance.now();
  await page.goto(served.url);
  await page.locator('tr[data-route="custom:R-19"]').waitFor();
  times.push(performance.now() - t0);
  await page.close();
}
await browser.close();
await served.stop();
times.sort((a, b) => a - b);
printTable('The window: bundle and first render in Chromium (20 routes)', ['JS+CSS raw KB', 'gzipped KB', 'first render ms (median of 5)', 'min ms', 'max ms'], [[(raw / 1024).toFixed(0), (gz / 1024).toFixed(0), times[2]!.toFixed(0), times[0]!.toFixed(0), times[4]!.toFixed(0)]]);
