// Benchmark (printed): the Node core polling 20 loopback surfaces every 5 s for 10 minutes
// ($BENCH_FOOTPRINT_MINUTES to change): CPU seconds, peak and final RSS, heap growth (a leak shows as
// growth), and TCP connections at the servers (keep-alive reuses them, not one per probe). The servers
// keep idle connections 65 s (nginx and most proxies keep them 60–75 s; Node's own default is 5 s).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOpenAiStub } from '../helpers/openai-stub.ts';
import { testMonitor } from '../helpers/monitor.ts';
import { printTable } from './table.ts';

const minutes = Number(process.env.BENCH_FOOTPRINT_MINUTES ?? 10);
const servers = await Promise.all(Array.from({ length: 20 }, () => startOpenAiStub({ models: ['m'], keepAliveTimeoutMs: 65_000 })));
const dir = mkdtempSync(join(tmpdir(), 'rl-footprint-'));
const path = join(dir, 'settings.json');
writeFileSync(path, JSON.stringify({ customModels: servers.map((s, i) => ({ model: 'm', id: `custom:F-${i}`, index: i, baseUrl: `${s.url}/v1`, apiKey: 'k', provider: 'generic-chat-completion-api' })) }));
const { monitor, dispatcher } = testMonitor(path, {}, { intervalMs: 5_000, jitter: 0 });
let cycles = 0;
let slowest = 0;
monitor.on('snapshot', () => cycles++);
const gc = (globalThis as { gc?: () => void }).gc;
await monitor.refreshNow();
gc?.();
const cpu0 = process.cpuUsage();
const heap0 = process.memoryUsage().heapUsed;
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 1_000);
const timeCycle = monitor.cycle.bind(monitor);
monitor.cycle = () => {
  const t0 = performance.now();
  return timeCycle().finally(() => (slowest = Math.max(slowest, performance.now() - t0)));
};
monitor.start();
await new Promise((r) => setTimeout(r, minutes * 60_000));
monitor.stop();
clearInterval(sampler);
gc?.();
const cpu = process.cpuUsage(cpu0);
const mem = process.memoryUsage();
const requests = servers.reduce((n, s) => n + s.requests.length, 0);
const connections = servers.reduce((n, s) => n + s.connections, 0);
printTable(`Footprint: 20 surfaces every 5 s for ${minutes} min`, ['cycles', 'probes', 'CPU s (user+sys)', 'CPU per cycle ms', 'peak RSS MB', 'final RSS MB', 'heap growth MB', 'slowest cycle ms', 'TCP connections opened'], [[String(cycles), String(requests), ((cpu.user + cpu.system) / 1e6).toFixed(2), ((cpu.user + cpu.system) / 1e3 / Math.max(1, cycles)).toFixed(1), (peakRss / 2 ** 20).toFixed(1), (mem.rss / 2 ** 20).toFixed(1), ((mem.heapUsed - heap0) / 2 ** 20).toFixed(2), slowest.toFixed(0), String(connections)]]);
await dispatcher.close();
await Promise.all(servers.map((s) => s.close()));
