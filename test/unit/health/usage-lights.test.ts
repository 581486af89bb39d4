// Quota beside the lights, through the monitor over a local stand-in for Z.AI's monitor API: a window
// below the threshold turns the route yellow, a used-up one red with its reset as the remedy, and the
// reset brings it back; each crossing is said once. A bad key, a 429 and garbage on the usage endpoint
// each give a reason on the reading and never change the light. Readings keep their own cadence.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightChange } from '../../../app/health/monitor.ts';
import { snapshotSchema } from '../../../app/model/snapshot.ts';
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
    zai.resetsAt = new Date(Date.now() + 42 * 60_000);
    const { monitor, dispatcher, clock, crossings, lights } = setup();
    const first = await monitor.refreshNow();
    expect(first.routes[0]).toMatchObject({ light: 'yellow', layer: 'sentinel', usage: { balance: 'the Z.AI coding plan' } });
    expect(first.usage[0]).toMatchObject({ label: 'Z.AI GLM Coding Pro', problem: null, windows: [{ id: 'tokens-5h', usedPercent: 50, state: 'ok' }, { id: 'tools-month', state: 'ok' }] });
    snapshotSchema.parse(first);

    zai.used5h = 95;
    const low = await monitor.refreshNow();
    expect(low.routes[0]).toMatchObject({ light: 'yellow', layer: 'quota', reason: expect.stringMatching(/5 % of 5-hour tokens left .*below the 10 % warning threshold/) });

    zai.used5h = 100;
    const out = await monitor.refreshNow();
    expect(out.routes[0]).toMatchObject({ light: 'red', layer: 'quota', reason: expect.stringMatching(/5-hour tokens used up \(resets at \d\d:\d\d, in 42 min\)/), remedy: expect.stringMatching(/^Wait until it resets at \d\d:\d\d \(in 42 min\)/) });
    expect(out.overall).toBe('red');

    // The reset passes: the next reading (due just after it) finds the window full again.
    zai.used5h = 0;
    clock.now = zai.resetsAt.getTime() + 31_000;
    zai.resetsAt = new Date(clock.now + 5 * 3_600_000);
    await monitor.cycle();
    await monitor.usageSettled();
    expect(monitor.snapshot()!.routes[0]).toMatchObject({ light: 'yellow', layer: 'sentinel' });

    expect(crossings.map((c) => `${c.window.id}:${c.from}->${c.to}`)).toEqual(['tokens-5h:ok->low', 'tokens-5h:low->exhausted', 'tokens-5h:exhausted->ok']);
    // The route's own light events are marked, so that only the usage event notifies.
    expect(lights.filter((l) => l.from !== null).map((l) => `${l.from}->${l.to}:${l.byQuota ?? false}`)).toEqual(['yellow->red:true', 'red->yellow:true']);
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
