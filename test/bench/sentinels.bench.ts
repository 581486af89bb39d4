// Benchmark (printed, not asserted): sentinels with the real Droid CLI against a local OpenAI-compatible
// server, for 1, 6 and 20 routes, through the session host (turns on a few Droid processes, the
// default) and through one `droid exec` per route (the fallback), in one run: time to all verdicts, CPU
// seconds of the Droid processes (the children's reaped time, from /proc/self/stat) and their peak
// memory together (the largest sum of their RSS, sampled every 50 ms). Then how soon Droid's own reason
// arrives for a rejected key and an unknown id.
import { readdirSync, readFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConcurrency, runSentinels, type RunnerOptions } from '../../app/sentinels/runner.ts';
import { SessionHost } from '../../app/sentinels/session-host.ts';
import { loadRouteMap } from '../../app/settings/route-map.ts';
import { startOpenAiStub } from '../helpers/openai-stub.ts';
import { runnerOptions } from '../helpers/sentinel-env.ts';
import { sources } from '../helpers/sources.ts';
import { printTable } from './table.ts';

const TICKS = 100;

/** CPU seconds of this process's reaped children (utime + stime of the ones waited for). */
function childCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) / TICKS;
}

/** RSS in MB of every process descended from this one. */
function descendantsRssMb(): number {
  const parent = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      parent.set(Number(name), Number(/PPid:\s+(\d+)/.exec(status)?.[1]));
      rss.set(Number(name), Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    } catch {
      // gone meanwhile
    }
  }
  const mine = (pid: number): boolean => pid === process.pid || (parent.has(pid) && pid !== 1 && mine(parent.get(pid)!));
  return [...rss].filter(([pid]) => pid !== process.pid && mine(pid)).reduce((sum, [, mb]) => sum + mb, 0);
}

const stub = await startOpenAiStub({ models: ['echo'] });
const rejecting = await startOpenAiStub({ models: ['echo'] });
rejecting.behaviour = { kind: 'status', status: 401, body: { error: { message: 'Invalid API key' } } };

async function fixture(n: number) {
  const home = mkdtempSync(join(tmpdir(), 'rl-bench-sent-'));
  const settingsPath = join(home, '.factory', 'settings.json');
  mkdirSync(join(home, '.factory'));
  const routes = Array.from({ length: n }, (_, i) => ({ model: 'echo', id: `custom:Bench-${i}`, index: i, baseUrl: `${stub.url}/v1`, apiKey: 'k', provider: 'generic-chat-completion-api' }));
  writeFileSync(settingsPath, JSON.stringify({ customModels: [...routes, { model: 'echo', id: 'custom:Rejecting-0', index: 0, baseUrl: `${rejecting.url}/v1`, apiKey: 'k', provider: 'generic-chat-completion-api' }] }));
  const map = await loadRouteMap(sources(settingsPath));
  if (!map.ok) throw new Error(map.failure.reason);
  return { home, settingsPath, routes: map.value.routes };
}

async function measure(run: (options: RunnerOptions) => Promise<unknown>, options: RunnerOptions) {
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, descendantsRssMb())), 50);
  const cpu0 = childCpuSeconds();
  let lastVerdict = 0;
  const t0 = performance.now();
  await run({ ...options, onProgress: (e) => e.kind === 'verdict' && (lastVerdict = performance.now() - t0) });
  clearInterval(sampler);
  return { verdicts: lastVerdict / 1000, cpu: childCpuSeconds() - cpu0, peak };
}

const rows: string[][] = [];
for (const n of [1, 6, 20]) {
  const f = await fixture(n);
  const targets = f.routes.filter((r) => r.id.startsWith('custom:Bench-')).map((route) => ({ route }));
  for (const mode of ['session host', 'droid exec per route'] as const) {
    const options = runnerOptions(f.home, f.settingsPath, {}, { concurrency: defaultConcurrency(cpus().length), sessions: mode === 'session host' ? new SessionHost(0) : null });
    let passed = 0;
    const m = await measure(async (o) => (passed = (await runSentinels(targets, o)).filter((r) => r.verdict === 'pass').length), options);
    rows.push([String(n), mode, `${passed}/${n}`, m.verdicts.toFixed(2), m.cpu.toFixed(2), m.peak.toFixed(0)]);
  }
  rmSync(f.home, { recursive: true, force: true });
}
printTable('Sentinels with the real Droid CLI: session host against one droid exec per route', ['routes', 'runner', 'passed', 'all verdicts s', 'Droid CPU s', 'Droid peak MB'], rows);

const doors: string[][] = [];
const f = await fixture(1);
const routes = new Map(f.routes.map((r) => [r.id, r]));
for (const [label, route] of [['401 key rejected', routes.get('custom:Rejecting-0')!], ['unknown id', { ...routes.get('custom:Bench-0')!, id: 'custom:Not-There-9' }]] as const) {
  for (const mode of ['session host', 'droid exec per route'] as const) {
    const [r] = await runSentinels([{ route }], runnerOptions(f.home, f.settingsPath, {}, { force: true, sessions: mode === 'session host' ? new SessionHost(0) : null }));
    doors.push([label, mode, ((r!.verdictMs ?? 0) / 1000).toFixed(2), r!.reason.slice(0, 70)]);
  }
}
rmSync(f.home, { recursive: true, force: true });
printTable("Droid's own reason: from the message (session) or the start (exec) to the verdict", ['door', 'runner', 'verdict s', 'reason'], doors);
await Promise.all([stub.close(), rejecting.close()]);
