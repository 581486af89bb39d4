// Quota beside the lights, through the monitor over a local stand-in for Z.AI's monitor API: a window
// below the threshold turns the route yellow, a used-up one red with its reset as the remedy, and the
// reset brings it back; each crossing is said once. A bad key, a 429 and garbage on the usage endpoint
// each give a reason on the reading and never change the light. Readings keep their own cadence.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightChange } from '../../../app/health/monitor.ts';
import { snapshotSchema } from '../../../app/model/snapshot.ts';
import { probeSurface } from '../../../app/surfaces/probe.ts';
import type { UsageCrossing } from '../../../app/usage/usage-poller.ts';
import { testMonitor } from '../../helpers/monitor.ts';
import { scratchDir } from '../../helpers/scratch.ts';
import { startUsageStandIn, type UsageStandIn } from '../../helpers/usage-standin.ts';

let zai: UsageStandIn;
beforeAll(async () => {
  zai = await startUsageStandIn();
});
afterAll(() => zai.close());

/** A fresh settings file with one Z.AI route on the stand-in, and a monitor on a clock the test moves. */
function setup(options: { start?: number; intervalMs?: number; env?: NodeJS.ProcessEnv } = {}) {
  const path = join(scratchDir(), 'settings.json');
  writeFileSync(path, JSON.stringify({ customModels: [{ model: 'glm-5.1', id: 'custom:GLM-5.1-0', index: 0, baseUrl: `${zai.url}/api/coding/paas/v4`, apiKey: 'zai-test-key-0123456789', provider: 'generic-chat-completion-api' }] }));
  const clock = { now: options.start ?? Date.now() };
  const { monitor, dispatcher } = testMonitor(path, { ROUTELIGHTS_SURFACE_KINDS: `${zai.url}=zai`, ...options.env }, { usageIntervalMs: options.intervalMs ?? 300_000 }, () => new Date(clock.now));
  const crossings: UsageCrossing[] = [];
  const lights: LightChange[] = [];
  monitor.on('usage', (c) => crossings.push(c));
  monitor.on('light', (c) => c.kind === 'route' && lights.push(c));
  return { monitor, dispatcher, clock, crossings, lights };
}

const usageRequests = () => zai.requests.filter((r) => r.path.endsWith('/quota/limit')).length;

describe('usage windows and the light', () => {
  it('low turns yellow, used up turns red with the reset time as the remedy, and the reset brings it back; each said once', async () => {
    zai.mode = 'ok';
    zai.used5h = 50;
    const start = Date.now();
    // The reset comes before the next reading by the cadence (5 min): the poller reads just after it.
    zai.resetsAt = new Date(start + 3 * 60_000);
    const { monitor, dispatcher, clock, crossings, lights } = setup({ start });
    const first = await monitor.refreshNow();
    expect(first.routes[0]).toMatchObject({ light: 'yellow', layer: 'sentinel', spends: { balance: 'the Z.AI coding plan' } });
    expect(first.usage[0]).toMatchObject({ label: 'Z.AI GLM Coding Pro', problem: null, windows: [{ id: 'tokens-5h', usedPercent: 50, state: 'ok' }, { id: 'tools-month', state: 'ok' }] });
    snapshotSchema.parse(first);

    zai.used5h = 95;
    const low = await monitor.refreshNow();
    expect(low.routes[0]).toMatchObject({ light: 'yellow', layer: 'quota', reason: expect.stringMatching(/5 % of 5-hour tokens left .*below the 10 % warning threshold/) });

    zai.used5h = 100;
    const out = await monitor.refreshNow();
    expect(out.routes[0]).toMatchObject({ light: 'red', layer: 'quota', reason: expect.stringMatching(/5-hour tokens used up \(resets at \d\d:\d\d, in 3 min\)/), remedy: expect.stringMatching(/^Wait until it resets at \d\d:\d\d \(in 3 min\)/) });
    expect(out.overall).toBe('red');

    // Just before the reset nothing is read; 30 s after it, a reading (due then, not at the cadence) finds the window full again.
    const asked = usageRequests();
    clock.now = zai.resetsAt.getTime() - 1_000;
    await monitor.cycle();
    await monitor.usageSettled();
    expect(usageRequests()).toBe(asked);
    zai.used5h = 0;
    clock.now = zai.resetsAt.getTime() + 31_000;
    zai.resetsAt = new Date(clock.now + 5 * 3_600_000);
    await monitor.cycle();
    await monitor.usageSettled();
    expect(usageRequests()).toBe(asked + 1);
    expect(monitor.snapshot()!.routes[0]).toMatchObject({ light: 'yellow', layer: 'sentinel' });

    expect(crossings.map((c) => `${c.window.id}:${c.from}->${c.to}`)).toEqual(['tokens-5h:ok->low', 'tokens-5h:low->exhausted', 'tokens-5h:exhausted->ok']);
    // The route's own light events are marked, so that only the usage event notifies.
    expect(lights.filter((l) => l.from !== null).map((l) => `${l.from}->${l.to}:${l.byQuota ?? false}`)).toEqual(['yellow->red:true', 'red->yellow:true']);
    await dispatcher.close();
  });

  it("an outage on a route low on quota is the route's own news (notified); only a quota's red coming or going is left to the usage event", async () => {
    zai.mode = 'ok';
    zai.used5h = 95;
    zai.resetsAt = new Date(Date.now() + 3_600_000);
    const path = join(scratchDir(), 'settings.json');
    writeFileSync(path, JSON.stringify({ customModels: [{ model: 'glm-5.1', id: 'custom:G-0', baseUrl: `${zai.url}/api/coding/paas/v4`, apiKey: 'zai-test-key-0123456789', provider: 'generic-chat-completion-api' }] }));
    let down = false;
    const { monitor, dispatcher } = testMonitor(path, { ROUTELIGHTS_SURFACE_KINDS: `${zai.url}=zai` }, { flap: { failThreshold: 1, recoverThreshold: 1 } }, undefined, async (target, ctx) => {
      const result = await probeSurface(target, ctx);
      return down ? { ...result, color: 'red', door: 'not-running', reason: 'Nothing listens.', remedy: 'Start it.' } : result;
    });
    const lights: LightChange[] = [];
    monitor.on('light', (c) => c.kind === 'route' && c.from !== null && lights.push(c));
    const step = async (light: string, layer: string) => expect((await monitor.refreshNow()).routes[0]).toMatchObject({ light, layer });
    await step('yellow', 'quota');
    down = true;
    await step('red', 'surface');
    down = false;
    await step('yellow', 'quota');
    zai.used5h = 100;
    await step('red', 'quota');
    zai.used5h = 50;
    await step('yellow', 'sentinel');
    expect(lights.map((l) => `${l.from}->${l.to}:${l.byQuota ?? false}`)).toEqual(['yellow->red:false', 'red->yellow:false', 'yellow->red:true', 'red->yellow:true']);
    await dispatcher.close();
  });

  it('a threshold per surface: 50 % left warns when the surface asks for 60', async () => {
    zai.mode = 'ok';
    zai.used5h = 50;
    const path = join(scratchDir(), 'settings.json');
    writeFileSync(path, JSON.stringify({ customModels: [{ model: 'glm-5.1', id: 'custom:G-0', baseUrl: `${zai.url}/api/coding/paas/v4`, apiKey: 'zai-test-key-0123456789', provider: 'generic-chat-completion-api' }] }));
    const { monitor, dispatcher } = testMonitor(path, { ROUTELIGHTS_SURFACE_KINDS: `${zai.url}=zai` }, {}, undefined, undefined, { lowPercent: (id) => (id === zai.url ? 60 : 10) });
    const snap = await monitor.refreshNow();
    expect(snap.routes[0]).toMatchObject({ light: 'yellow', layer: 'quota', reason: expect.stringContaining('below the 60 % warning threshold') });
    expect(snap.usage[0]!.lowPercent).toBe(60);
    await dispatcher.close();
  });

  for (const [mode, reason] of [
    ['bad-key', /rejected the route's key \(HTTP 200 with code 401: "token expired or incorrect"\)/],
    ['429', /asked RouteLights to slow down \(HTTP 429\)/],
    ['garbage', /answered HTTP 200 with an HTML page, not a usage reading/],
  ] as const) {
    it(`${mode} on the usage endpoint gives a reason on the reading and never changes the light`, async () => {
      zai.mode = 'ok';
      zai.used5h = 100;
      zai.resetsAt = new Date(Date.now() + 3_600_000);
      const exhausted = setup();
      expect((await exhausted.monitor.refreshNow()).routes[0]!.light).toBe('red');
      zai.mode = mode;
      const failing = setup();
      const snap = await failing.monitor.refreshNow();
      expect(snap.usage[0]!.problem?.reason).toMatch(reason);
      expect(snap.usage[0]!.windows).toEqual([]);
      expect(snap.routes[0]).toMatchObject({ light: 'yellow', layer: 'sentinel' });
      // After a good reading, a failing one keeps the last windows (and their light), saying why it could not read.
      exhausted.clock.now += 400_000;
      await exhausted.monitor.refreshNow();
      const kept = exhausted.monitor.snapshot()!;
      expect(kept.usage[0]).toMatchObject({ problem: { reason: expect.stringMatching(reason) }, windows: [{ id: 'tokens-5h', state: 'exhausted' }, { id: 'tools-month' }] });
      expect(kept.routes[0]!.light).toBe('red');
      zai.mode = 'ok';
      await exhausted.dispatcher.close();
      await failing.dispatcher.close();
    });
  }
});

describe('the cadence of readings', () => {
  it("a 429's Retry-After is kept exactly, even beyond an hour; without one the wait doubles from twice the cadence", async () => {
    zai.mode = '429';
    zai.retryAfter = String(2 * 3600);
    const { monitor, dispatcher, clock } = setup({ intervalMs: 300_000 });
    const before = usageRequests();
    const first = await monitor.refreshNow();
    expect(first.usage[0]!.problem).toMatchObject({ code: 'rate-limited', remedy: 'RouteLights waits 2 h, as the answer asks, before it reads again; the last windows read stay shown.' });
    clock.now += 3_600_000 + 60_000;
    await monitor.refreshNow();
    expect(usageRequests() - before).toBe(1);
    clock.now += 3_600_000;
    zai.retryAfter = null;
    const second = await monitor.refreshNow();
    expect(usageRequests() - before).toBe(2);
    expect(second.usage[0]!.problem?.remedy).toMatch(/^RouteLights waits 10 min before it reads again/);
    clock.now += 601_000;
    const third = await monitor.refreshNow();
    expect(usageRequests() - before).toBe(3);
    expect(third.usage[0]!.problem?.remedy).toMatch(/^RouteLights waits 20 min before/);
    zai.mode = 'ok';
    zai.retryAfter = '600';
    await dispatcher.close();
  });

  it('a window that keeps saying it resets in a moment is read at most once a minute', async () => {
    zai.mode = 'ok';
    zai.used5h = 100;
    const start = Date.now();
    zai.resetsAt = new Date(start + 5_000);
    const { monitor, dispatcher, clock } = setup({ start });
    await monitor.refreshNow();
    const before = usageRequests();
    for (const step of [10_000, 30_000]) {
      clock.now = start + step;
      await monitor.cycle();
      await monitor.usageSettled();
    }
    expect(usageRequests()).toBe(before);
    clock.now = start + 61_000;
    zai.resetsAt = new Date(clock.now + 5_000);
    await monitor.cycle();
    await monitor.usageSettled();
    expect(usageRequests()).toBe(before + 1);
    await dispatcher.close();
  });

  it('at most one reading per account per cadence, however many cycles; refresh forces one; a 429 holds even that off', async () => {
    zai.mode = 'ok';
    zai.used5h = 10;
    const { monitor, dispatcher, clock } = setup({ intervalMs: 300_000 });
    const before = usageRequests();
    for (let i = 0; i < 5; i++) {
      await monitor.cycle();
      await monitor.usageSettled();
      clock.now += 30_000;
    }
    expect(usageRequests() - before).toBe(1);
    await monitor.refreshNow();
    expect(usageRequests() - before).toBe(2);
    clock.now += 300_000;
    await monitor.cycle();
    await monitor.usageSettled();
    expect(usageRequests() - before).toBe(3);

    zai.mode = '429';
    clock.now += 300_000;
    await monitor.cycle();
    await monitor.usageSettled();
    expect(usageRequests() - before).toBe(4);
    expect(monitor.snapshot()!.usage[0]!.problem).toMatchObject({ code: 'rate-limited', remedy: expect.stringContaining('waits 10 min') });
    // Retry-After was 600 s: neither the cadence nor a manual refresh asks before then.
    clock.now += 300_000;
    await monitor.refreshNow();
    expect(usageRequests() - before).toBe(4);
    clock.now += 301_000;
    zai.mode = 'ok';
    await monitor.cycle();
    await monitor.usageSettled();
    expect(usageRequests() - before).toBe(5);
    expect(monitor.snapshot()!.usage[0]!.problem).toBeNull();
    await dispatcher.close();
  });

  it('a light cycle does not wait for a slow usage endpoint: the reading lands in a later snapshot', async () => {
    zai.mode = 'ok';
    zai.used5h = 100;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const path = join(scratchDir(), 'settings.json');
    writeFileSync(path, JSON.stringify({ customModels: [{ model: 'glm-5.1', id: 'custom:G-0', baseUrl: `${zai.url}/api/coding/paas/v4`, apiKey: 'zai-test-key-0123456789', provider: 'generic-chat-completion-api' }] }));
    const slow = testMonitor(path, { ROUTELIGHTS_SURFACE_KINDS: `${zai.url}=zai` }, {}, undefined, undefined, {
      readUsage: async (target, ctx) => {
        await held;
        return (await import('../../../app/usage/read-usage.ts')).readUsage(target, ctx);
      },
    });
    const snaps: number[] = [];
    slow.monitor.on('snapshot', (s) => snaps.push(s.usage[0]?.windows.length ?? -1));
    const cycled = await slow.monitor.cycle();
    expect(cycled.routes[0]).toMatchObject({ light: 'yellow', layer: 'sentinel' });
    expect(cycled.usage).toEqual([]);
    release();
    await slow.monitor.usageSettled();
    expect(slow.monitor.snapshot()!.routes[0]).toMatchObject({ light: 'red', layer: 'quota' });
    expect(snaps).toEqual([-1, 2]);
    await slow.dispatcher.close();
  });
});
