// Benchmark (printed): with 20 surfaces (20 Z.AI stand-ins, one route each), the wall time and CPU of a
// light cycle when every account's usage reading is due, against one where none is: readings start
// beside the cycle and never inside it, so the goal is at most 1.1× (README, "Quota and balance").
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testMonitor } from '../helpers/monitor.ts';
import { startUsageStandIn, type UsageStandIn } from '../helpers/usage-standin.ts';
import { printTable } from './table.ts';

const SURFACES = 20;
const CYCLES = 40;
const standIns: UsageStandIn[] = await Promise.all(Array.from({ length: SURFACES }, () => startUsageStandIn()));
const dir = mkdtempSync(join(tmpdir(), 'rl-bench-usage-'));
const path = join(dir, 'settings.json');
writeFileSync(path, JSON.stringify({ customModels: standIns.map((s, i) => ({ model: 'glm-5.1', id: `custom:Z-${i}`, index: i, baseUrl: `${s.url}/api/coding/paas/v4`, apiKey: `zai-bench-key-${i}-0123456789`, provider: 'generic-chat-completion-api' })) }));
const env = { ROUTELIGHTS_SURFACE_KINDS: standIns.map((s) => `${s.url}=zai`).join(',') };
const usageRequests = () => standIns.reduce((n, s) => n + s.requests.filter((r) => r.path.endsWith('/quota/limit')).length, 0);

/**
 * Mean wall ms and CPU ms of a cycle (probes due every cycle), and the usage requests sent meanwhile.
 * Between cycles the readings it started are let land, as they do in the 30 s between two real cycles.
 */
async function measure(usageIntervalMs: number): Promise<{ wall: number; cpu: number; readings: number }> {
  const { monitor, dispatcher } = testMonitor(path, env, { intervalMs: 1, usageIntervalMs });
  await monitor.refreshNow();
  const before = usageRequests();
  let wall = 0;
  let cpu = 0;
  for (let c = 0; c < CYCLES; c++) {
    const [t0, cpu0] = [performance.now(), process.cpuUsage()];
    await monitor.cycle();
    wall += performance.now() - t0;
    const used = process.cpuUsage(cpu0);
    cpu += (used.user + used.system) / 1000;
    await monitor.usageSettled();
  }
  const readings = usageRequests() - before;
  await dispatcher.close();
  return { wall: wall / CYCLES, cpu: cpu / CYCLES, readings };
}

const rows: string[][] = [];
// Alternate the two, three rounds each, so that a warm-up or a noisy neighbour does not favour one.
const due: Array<Awaited<ReturnType<typeof measure>>> = [];
const quiet: Array<Awaited<ReturnType<typeof measure>>> = [];
for (let round = 0; round < 3; round++) {
  quiet.push(await measure(24 * 3_600_000));
  due.push(await measure(1));
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const [dw, qw, dc, qc] = [mean(due.map((d) => d.wall)), mean(quiet.map((d) => d.wall)), mean(due.map((d) => d.cpu)), mean(quiet.map((d) => d.cpu))];
rows.push(['no reading due', qw.toFixed(2), qc.toFixed(2), String(Math.round(mean(quiet.map((q) => q.readings)))), '1.00']);
rows.push(['20 readings due each cycle', dw.toFixed(2), dc.toFixed(2), String(Math.round(mean(due.map((d) => d.readings)))), (dw / qw).toFixed(2)]);
await Promise.all(standIns.map((s) => s.close()));
printTable(`Usage readings beside the light cycle: ${SURFACES} surfaces, ${CYCLES} cycles × 3 rounds (goal: wall ≤ 1.1× with readings due)`, ['cycle', 'wall ms / cycle', 'CPU ms / cycle', 'usage requests in the run', 'wall ×'], rows);
