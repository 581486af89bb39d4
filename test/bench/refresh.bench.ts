// Benchmark (printed): a full status refresh for 1, 10, 50, 200 routes on 1, 5, 20 loopback surfaces:
// the wall time of a monitor cycle and the requests it sends, against the field guide's manual way
// (one `curl /v1/models` per route, in sequence), measured in the same run.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { startOpenAiStub, type OpenAiStub } from '../helpers/openai-stub.ts';
import { testMonitor } from '../helpers/monitor.ts';
import { printTable } from './table.ts';

const servers: OpenAiStub[] = await Promise.all(Array.from({ length: 20 }, () => startOpenAiStub({ models: Array.from({ length: 20 }, (_, i) => `m-${i}`) })));
const rows: string[][] = [];
const requests = () => servers.reduce((n, s) => n + s.requests.length, 0);

for (const surfaces of [1, 5, 20]) {
  for (const routes of [1, 10, 50, 200]) {
    if (routes < surfaces) continue;
    const dir = mkdtempSync(join(tmpdir(), 'rl-bench-refresh-'));
    const path = join(dir, 'settings.json');
    const urls = Array.from({ length: routes }, (_, i) => `${servers[i % surfaces]!.url}/v1`);
    writeFileSync(path, JSON.stringify({ customModels: urls.map((baseUrl, i) => ({ model: `m-${i % 20}`, id: `custom:B-${i}`, index: i, baseUrl, apiKey: 'k', provider: 'generic-chat-completion-api' })) }));
    const { monitor, dispatcher } = testMonitor(path);
    await monitor.refreshNow();
    const before = requests();
    const cycles = 5;
    const t0 = performance.now();
    for (let c = 0; c < cycles; c++) await monitor.refreshNow();
    const cycleMs = (performance.now() - t0) / cycles;
    const perCycle = (requests() - before) / cycles;
    await dispatcher.close();

    const m0 = performance.now();
    for (const url of urls) await execa('curl', ['-s', '-H', 'Authorization: Bearer k', `${url}/models`]);
    const manualMs = performance.now() - m0;
    rows.push([String(routes), String(surfaces), cycleMs.toFixed(1), String(perCycle), manualMs.toFixed(0), String(routes), (manualMs / cycleMs).toFixed(0)]);
  }
}
await Promise.all(servers.map((s) => s.close()));
printTable('Refresh: a full status cycle vs one curl per route in sequence', ['routes', 'surfaces', 'RouteLights cycle ms', 'requests / cycle', 'manual curl loop ms', 'manual requests', 'speed-up ×'], rows);
