// Benchmark (printed): 20 surfaces (20 Z.AI stand-ins, a route each): a light cycle's wall time and CPU
// with every usage reading due against none due (goal ≤ 1.1×), and a cycle run while readings land.
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
 * Mean wall ms and CPU ms of a cycle (probes due every cycle), the usage requests sent meanwhile and the
 * snapshots published. `settle`: the readings a cycle started land before the next, as in the 30 s
 * between two real cycles; without it, they land during the next one (the worst case).
 */
async function measure(usageIntervalMs: number, settle = true): Promise<{ wall: number; cpu: number; readings: number; snapshots: number }> {
  const { monitor, dispatcher } = testMonitor(path, env, { intervalMs: 1, usageIntervalMs });
  await monitor.refreshNow();
  const before = usageRequests();
  let snapshots = 0;
  monitor.on('snapshot', () => snapshots++);
  let wall = 0;
  let cpu = 0;
  for (let c = 0; c < CYCLES; c++) {
    const [t0, cpu0] = [performance.now(), process.cpuUsage()];
    await monitor.cycle();
    wall += performance.now() - t0;
    const used = process.cpuUsage(cpu0);
    cpu += (used.user + used.system) / 1000;
    if (settle) await monitor.usageSettled();
  }
  await monitor.usageSettled();
  const readings = usageRequests() - before;
  await dispatcher.close();
  return { wall: wall / CYCLES, cpu: cpu / CYCLES, readings, snapshots };
}

type Run = Awaited<ReturnType<typeof measure>>;
const runs: Record<'quiet' | 'due' | 'landing', Run[]> = { quiet: [], due: [], landing: [] };
// Alternate the three, three rounds each, so that a warm-up or a noisy neighbour does not favour one.
for (let round = 0; round < 3; round++) {
  runs.quiet.push(await measure(24 * 3_600_000));
  runs.due.push(await measure(1));
  runs.landing.push(await measure(1, false));
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const base = mean(runs.quiet.map((r) => r.wall));
const row = (label: string, rs: Run[]) => {
  const wall = mean(rs.map((r) => r.wall));
  return [label, wall.toFixed(2), mean(rs.map((r) => r.cpu)).toFixed(2), String(Math.round(mean(rs.map((r) => r.readings)))), String(Math.round(mean(rs.map((r) => r.snapshots)))), (wall / base).toFixed(2)];
};
const rows = [row('no reading due', runs.quiet), row('20 readings due each cycle', runs.due), row('… landing during the next cycle', runs.landing)];
await Promise.all(standIns.map((s) => s.close()));
printTable(`Usage readings beside the light cycle: ${SURFACES} surfaces, ${CYCLES} cycles × 3 rounds (goal: wall ≤ 1.1× with readings due)`, ['cycle', 'wall ms / cycle', 'CPU ms / cycle', 'usage requests', 'snapshots', 'wall ×'], rows);
