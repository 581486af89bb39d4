// Benchmark (printed): a broken route (refused, 401, 403, 429): the time until RouteLights names the
// cause (a status probe, and a forced sentinel with its early door check) against the time until
// `droid exec` itself returns, which says only "Exec failed".
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { loadRouteMap } from '../../app/settings/route-map.ts';
import { runSentinels } from '../../app/sentinels/runner.ts';
import { droidBinary } from '../helpers/droid.ts';
import { startOpenAiStub, type StubBehaviour } from '../helpers/openai-stub.ts';
import { testMonitor } from '../helpers/monitor.ts';
import { runnerOptions } from '../helpers/sentinel-env.ts';
import { freePort } from '../helpers/tools.ts';
import { printTable } from './table.ts';
import { sources } from '../helpers/sources.ts';

const doors: Array<[string, StubBehaviour | 'refused']> = [
  ['connection refused', 'refused'],
  ['401 key rejected', { kind: 'status', status: 401, body: { error: { message: 'Invalid API key', type: 'invalid_request_error' } } }],
  ['403 Kimi gate', { kind: 'status', status: 403, body: { error: { message: 'Kimi For Coding is currently only available for Coding Agents such as Kimi CLI, Claude Code, Roo Code, Kilo Code, etc.', type: 'access_terminated_error' } } }],
  ['429 Z.AI 1113', { kind: 'status', status: 429, body: { error: { code: '1113', message: 'Insufficient balance or no resource package. Please recharge.' } } }],
];
const rows: string[][] = [];
for (const [name, behaviour] of doors) {
  const stub = await startOpenAiStub();
  const url = behaviour === 'refused' ? `http://127.0.0.1:${await freePort()}` : stub.url;
  if (behaviour !== 'refused') stub.behaviour = behaviour;
  const home = mkdtempSync(join(tmpdir(), 'rl-bench-diag-'));
  mkdirSync(join(home, '.factory'));
  const path = join(home, '.factory', 'settings.json');
  writeFileSync(path, JSON.stringify({ customModels: [{ model: 'm', id: 'custom:Broken-0', index: 0, baseUrl: `${url}/v1`, apiKey: 'k', provider: 'generic-chat-completion-api' }] }));

  const { monitor, dispatcher } = testMonitor(path);
  const p0 = performance.now();
  const snap = await monitor.refreshNow();
  const probeMs = performance.now() - p0;
  await dispatcher.close();

  const map = await loadRouteMap(sources(path));
  if (!map.ok) throw new Error(map.failure.reason);
  const [sentinel] = await runSentinels([{ route: map.value.routes[0]! }], runnerOptions(home, path, {}, { force: true, timeoutMs: 120_000 }));

  const d0 = performance.now();
  const droid = await execa(droidBinary(), ['exec', '-m', 'custom:Broken-0', '--auto', 'low', '--cwd', home, 'Reply exactly: X'], { env: { PATH: process.env.PATH, HOME: home }, extendEnv: false, reject: false, timeout: 180_000 });
  const droidMs = performance.now() - d0;
  rows.push([name, probeMs.toFixed(0), ((sentinel!.verdictMs ?? 0) / 1000).toFixed(1), (droidMs / 1000).toFixed(1), `${droid.stdout} ${droid.stderr}`.replace(/\s+/g, ' ').slice(0, 40), snap.routes[0]!.reason.slice(0, 60)]);
  await stub.close();
}
printTable('Diagnosis: time to name the cause (RouteLights) vs time to "Exec failed" (droid exec)', ['door', 'status probe ms', 'forced sentinel s', 'droid exec s', 'droid says', 'RouteLights says'], rows);
