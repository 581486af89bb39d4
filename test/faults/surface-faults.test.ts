// Every fault of the fault server at once across 20 surfaces while the monitor runs for a while: no
// unhandled rejection, no growth in open sockets or in memory, every cycle ends within its deadline.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFaultServer, type Fault, type FaultServer } from '../helpers/fault-server.ts';
import { testMonitor } from '../helpers/monitor.ts';
import { scratchDir } from '../helpers/scratch.ts';

const FAULTS: Fault[] = ['hang', 'drip', 'reset', 'huge', 'invalid-json', 'html', 'ok'];
const DEADLINE = 1_500;
const servers: FaultServer[] = [];
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  for (let i = 0; i < 20; i++) servers.push(await startFaultServer(FAULTS[i % FAULTS.length]!));
});
afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await Promise.all(servers.map((s) => s.close()));
});

it('20 misbehaving surfaces, many cycles: bounded time, sockets and memory; no unhandled rejection', async () => {
  const path = join(scratchDir('rl-surface-faults-'), 'settings.json');
  writeFileSync(path, JSON.stringify({ customModels: servers.map((s, i) => ({ model: 'm', id: `custom:F-${i}`, index: i, baseUrl: `${s.url}/v1`, apiKey: 'k', provider: ['generic-chat-completion-api', 'anthropic'][i % 2] })) }));
  // Back-off is what a failing surface gets in real use; here every cycle asks every surface again.
  // A quarter of them probed as LiteLLM, a quarter as VibeProxy, the rest as direct endpoints.
  const env = { ROUTELIGHTS_LITELLM_PORTS: servers.slice(0, 5).map((s) => s.port).join(','), ROUTELIGHTS_VIBEPROXY_PORTS: servers.slice(5, 10).map((s) => s.port).join(',') };
  const { monitor, dispatcher } = testMonitor(path, env, { probeDeadlineMs: DEADLINE, maxBackoffMs: 0 });
  const cycleMs: number[] = [];
  const heap: number[] = [];
  const openSockets: number[] = [];
  for (let c = 0; c < 8; c++) {
    // Faults rotate, so every surface meets several of them.
    servers.forEach((s, i) => (s.fault = FAULTS[(i + c) % FAULTS.length]!));
    const t0 = performance.now();
    const snapshot = await monitor.refreshNow();
    expect(new Set(snapshot.surfaces.map((x) => x.kind))).toEqual(new Set(['litellm', 'vibeproxy', 'openai-compatible', 'anthropic-compatible']));
    cycleMs.push(performance.now() - t0);
    expect(snapshot.routes.every((r) => r.reason.length > 10 && !r.reason.includes('undefined'))).toBe(true);
    (globalThis as { gc?: () => void }).gc?.();
    heap.push(process.memoryUsage().heapUsed);
    // Closed sockets reach the servers a moment after the client drops them.
    await new Promise((r) => setTimeout(r, 200));
    openSockets.push(servers.reduce((n, s) => n + s.openSockets(), 0));
  }
  await dispatcher.close();
  expect(rejections).toEqual([]);
  // One probe per surface, each within its deadline (a probe may take two requests: liveness + list).
  for (const ms of cycleMs) expect(ms).toBeLessThan(DEADLINE * 2 + 1_500);
  // Hung and dripping connections are dropped at the deadline: open sockets stay bounded, not growing per cycle.
  // At most the keep-alive sockets of the healthy surfaces plus the ones hanging right now: not one more per cycle.
  expect(Math.max(...openSockets.slice(3))).toBeLessThanOrEqual(servers.length);
  expect(heap.at(-1)! - heap[2]!).toBeLessThan(64 * 2 ** 20);
}, 120_000);
