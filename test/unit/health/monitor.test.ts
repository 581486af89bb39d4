// The monitor over real loopback servers: flap control (red after 2 failed cycles, back after 1 good),
// light-change events, back-off on a failing surface, pause/resume, history, and sentinel freshness.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightChange } from '../../../app/health/monitor.ts';
import { nextFlapState } from '../../../app/health/flap.ts';
import type { Light } from '../../../app/model/light.ts';
import { snapshotSchema } from '../../../app/model/snapshot.ts';
import { probeSurface } from '../../../app/surfaces/probe.ts';
import { startFaultServer, type FaultServer } from '../../helpers/fault-server.ts';
import { startOpenAiStub } from '../../helpers/openai-stub.ts';
import { testMonitor } from '../../helpers/monitor.ts';
import { scratchDir } from '../../helpers/scratch.ts';

let server: FaultServer;
let path: string;
beforeAll(async () => {
  server = await startFaultServer('ok');
  path = join(scratchDir(), 'settings.json');
  writeFileSync(path, JSON.stringify({ customModels: [{ model: 'm', id: 'custom:M-0', index: 0, baseUrl: `${server.url}/v1`, apiKey: 'k', provider: 'generic-chat-completion-api' }] }));
});
afterAll(() => server.close());

describe('flap control (pure)', () => {
  const red: Light = { color: 'red', reason: 'down', remedy: '' };
  const green: Light = { color: 'green', reason: 'up', remedy: '' };
  it('turns red after N failures in a row, clears after M good ones', () => {
    const opts = { failThreshold: 3, recoverThreshold: 2 };
    let s = nextFlapState(undefined, green, opts);
    s = nextFlapState(s, red, opts);
    s = nextFlapState(s, red, opts);
    expect(s.shown.color).toBe('green');
    s = nextFlapState(s, red, opts);
    expect(s.shown.color).toBe('red');
    s = nextFlapState(s, green, opts);
    expect(s.shown.color).toBe('red');
    s = nextFlapState(s, green, opts);
    expect(s.shown.color).toBe('green');
  });
  it('the first observation is shown as it is', () => {
    expect(nextFlapState(undefined, red, { failThreshold: 2, recoverThreshold: 1 }).shown.color).toBe('red');
  });
});

describe('monitor', () => {
  it('one dropped answer does not flash red; two do; one good answer clears it; events follow the shown light', async () => {
    server.fault = 'ok';
    const { monitor, dispatcher } = testMonitor(path);
    const changes: LightChange[] = [];
    monitor.on('light', (c) => changes.push(c));
    const surfaceLights: string[] = [];
    const route = async () => {
      const snap = await monitor.refreshNow();
      surfaceLights.push(snap.surfaces[0]!.light);
      return snap.routes[0]!;
    };
    expect((await route()).light).toBe('yellow');
    server.fault = 'html';
    expect((await route()).light).toBe('yellow');
    expect((await route()).light).toBe('red');
    server.fault = 'ok';
    expect((await route()).light).toBe('yellow');
    const routeChanges = changes.filter((c) => c.kind === 'route').map((c) => `${c.from}->${c.to}`);
    expect(routeChanges).toEqual(['null->yellow', 'yellow->red', 'red->yellow']);
    expect(surfaceLights).toEqual(['green', 'green', 'red', 'green']);
    snapshotSchema.parse(monitor.snapshot());
    await dispatcher.close();
  });

  it('B5: while flap control holds a failed check, the surface and its routes tell one story, the failure said beside it', async () => {
    const stub = await startOpenAiStub({ models: ['gpt-5'] });
    const own = join(scratchDir(), 'settings.json');
    writeFileSync(own, JSON.stringify({ customModels: [{ model: 'gpt-5', id: 'custom:G-0', baseUrl: `${stub.url}/v1`, apiKey: 'k', provider: 'generic-chat-completion-api' }] }));
    const { monitor, dispatcher } = testMonitor(own, { ROUTELIGHTS_VIBEPROXY_PORTS: String(stub.port) });
    monitor.recordSentinel(`${own}#custom:G-0`, { verdict: 'pass', at: new Date().toISOString(), reason: 'exact', remedy: '' });
    expect((await monitor.cycle()).surfaces[0]).toMatchObject({ light: 'green', models: ['gpt-5'] });
    await stub.close();
    const held = await monitor.cycle();
    expect(held.routes[0]).toMatchObject({ light: 'green', reason: expect.stringContaining('the surface lists "gpt-5"') });
    expect(held.surfaces[0]).toMatchObject({ light: 'green', models: ['gpt-5'], notes: [expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/^The last check failed \(VibeProxy is not running: nothing listens on/) })] });
    const red = await monitor.cycle();
    expect(red.surfaces[0]).toMatchObject({ light: 'red', door: 'not-running', models: null, notes: [] });
    expect(red.routes[0]!.light).toBe('red');
    await dispatcher.close();
  });

  it('a failing surface is asked less often (back-off), and resume() asks at once', async () => {
    server.fault = 'html';
    let clock = Date.parse('2026-11-24T12:00:00Z');
    const { monitor, dispatcher } = testMonitor(path, {}, { intervalMs: 1_000, maxBackoffMs: 8_000 }, () => new Date(clock));
    const before = server.requests;
    for (let i = 0; i < 6; i++) {
      await monitor.cycle();
      clock += 1_000;
    }
    // 6 cycles a second apart: failures 1 and 2 at the normal pace, then 2 s, 4 s… between probes.
    expect(server.requests - before).toBeLessThan(6);
    expect(server.requests - before).toBeGreaterThanOrEqual(3);
    const asked = server.requests;
    monitor.resume();
    monitor.pause();
    await monitor.cycle();
    expect(server.requests).toBe(asked + 1);
    await dispatcher.close();
  });

  it('a sentinel pass makes the route green while fresh, then it is yellow (unproven) again', async () => {
    server.fault = 'ok';
    let clock = Date.parse('2026-11-24T12:00:00Z');
    const { monitor, dispatcher } = testMonitor(path, {}, { freshnessMs: 60_000 }, () => new Date(clock));
    monitor.recordSentinel(`${path}#custom:M-0`, { verdict: 'pass', at: new Date(clock).toISOString(), reason: 'exact', remedy: '' });
    expect((await monitor.refreshNow()).routes[0]).toMatchObject({ light: 'green', layer: 'sentinel' });
    clock += 120_000;
    expect((await monitor.refreshNow()).routes[0]).toMatchObject({ light: 'yellow', reason: expect.stringMatching(/last pass 2 min ago/) });
    monitor.recordSentinel(`${path}#custom:M-0`, { verdict: 'fail', at: new Date(clock).toISOString(), reason: 'replied "nope"', remedy: 'look' });
    const red = await monitor.refreshNow();
    expect(red.routes[0]).toMatchObject({ light: 'red', layer: 'sentinel' });
    expect(red.overall).toBe('red');
    await dispatcher.close();
  });

  it('pause stops the schedule and start runs a cycle at once', async () => {
    server.fault = 'ok';
    const { monitor, dispatcher } = testMonitor(path, {}, { intervalMs: 60_000 });
    const first = new Promise((resolve) => monitor.once('snapshot', resolve));
    monitor.start();
    await first;
    monitor.pause();
    const count = server.requests;
    await new Promise((r) => setTimeout(r, 300));
    expect(server.requests).toBe(count);
    monitor.stop();
    await dispatcher.close();
  });
});

describe('a cycle asked for while one runs', () => {
  it('is followed by one more, which reads the files as they are after the change', async () => {
    server.fault = 'ok';
    const own = join(scratchDir(), 'settings.json');
    writeFileSync(own, JSON.stringify({ customModels: [{ model: 'm', id: 'custom:Before-0', index: 0, baseUrl: `${server.url}/v1`, apiKey: 'k', provider: 'generic-chat-completion-api' }] }));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let probing!: () => void;
    const probed = new Promise<void>((r) => (probing = r));
    const { monitor, dispatcher } = testMonitor(own, {}, {}, undefined, async (target, ctx) => {
      probing();
      await held;
      return probeSurface(target, ctx);
    });
    const running = monitor.cycle();
    await probed;
    // The route list changes while that cycle runs: it read the file before the change.
    writeFileSync(own, JSON.stringify({ customModels: [{ model: 'm', id: 'custom:After-0', index: 0, baseUrl: `${server.url}/v1`, apiKey: 'k', provider: 'generic-chat-completion-api' }] }));
    const second = monitor.cycle();
    const third = monitor.cycle();
    release();
    const [a, b, c] = await Promise.all([running, second, third]);
    expect(a.routes.map((r) => r.id)).toEqual(['custom:Before-0']);
    expect(b.routes.map((r) => r.id)).toEqual(['custom:After-0']);
    expect(c).toBe(b);
    await dispatcher.close();
  });
});
