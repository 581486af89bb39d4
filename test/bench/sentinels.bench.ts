// Benchmark (printed, not asserted): sentinels for N = 1, 3, 6 routes with the real Droid CLI against
// a local OpenAI-compatible server. RouteLights (parallel, verdict from the result line) against the
// manual way (a sequential `droid exec` loop, each waited to its exit), and verdict time against exit.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { loadRouteMap } from '../../app/settings/route-map.ts';
import { runSentinels } from '../../app/sentinels/runner.ts';
import { droidBinary } from '../helpers/droid.ts';
import { startOpenAiStub } from '../helpers/openai-stub.ts';
import { runnerOptions } from '../helpers/sentinel-env.ts';
import { printTable } from './table.ts';
import { sources } from '../helpers/sources.ts';

const stub = await startOpenAiStub({ models: ['echo'] });
const rows: string[][] = [];
for (const n of [1, 3, 6]) {
  const home = mkdtempSync(join(tmpdir(), 'rl-bench-sent-'));
  const settingsPath = join(home, '.factory', 'settings.json');
  mkdirSync(join(home, '.factory'));
  writeFileSync(settingsPath, JSON.stringify({ customModels: Array.from({ length: n }, (_, i) => ({ model: 'echo', id: `custom:Bench-${i}`, index: i, baseUrl: `${stub.url}/v1`, apiKey: 'k', provider: 'generic-chat-completion-api' })) }));
  const map = await loadRouteMap(sources(settingsPath));
  if (!map.ok) throw new Error(map.failure.reason);

  const manualStart = performance.now();
  for (let i = 0; i < n; i++) {
    await execa(droidBinary(), ['exec', '-m', `custom:Bench-${i}`, '--auto', 'low', '--cwd', home, 'Reply exactly: MANUAL_OK'], { env: { PATH: process.env.PATH, HOME: home }, extendEnv: false, reject: false });
  }
  const manualMs = performance.now() - manualStart;

  let lastVerdict = 0;
  const t0 = performance.now();
  const results = await runSentinels(map.value.routes.map((route) => ({ route })), runnerOptions(home, settingsPath, {}, { concurrency: n, onProgress: (e) => e.kind === 'verdict' && (lastVerdict = performance.now() - t0) }));
  const allExitedMs = performance.now() - t0;
  const passed = results.filter((r) => r.verdict === 'pass').length;
  const meanVerdict = results.reduce((s, r) => s + (r.verdictMs ?? 0), 0) / n;
  const meanExit = results.reduce((s, r) => s + (r.exitMs ?? 0), 0) / n;
  rows.push([String(n), `${passed}/${n}`, (lastVerdict / 1000).toFixed(2), (manualMs / 1000).toFixed(2), (manualMs / lastVerdict).toFixed(1), (meanVerdict / 1000).toFixed(2), (meanExit / 1000).toFixed(2), (allExitedMs / 1000).toFixed(2)]);
  rmSync(home, { recursive: true, force: true });
}
await stub.close();
printTable('Sentinels with the real Droid CLI (seconds)', ['routes', 'passed', 'all verdicts (RouteLights)', 'manual loop', 'speed-up', 'mean verdict', 'mean droid exit', 'all droid exited'], rows);
