// Every probe against a misbehaving server (hang, drip, reset mid-body, 10 MB, invalid JSON, HTML page)
// ends within its deadline with a clear reason, and leaves no connection open behind it.
import { afterAll, describe, expect, it } from 'vitest';
import { probeSurface } from '../../app/surfaces/probe.ts';
import type { SurfaceKind } from '../../app/surfaces/derive.ts';
import { startFaultServer, type Fault, type FaultServer } from '../helpers/fault-server.ts';
import { context, target } from '../helpers/probe-target.ts';

const DEADLINE = 1_500;
const servers: FaultServer[] = [];
afterAll(async () => Promise.all(servers.map((s) => s.close())));

const expected: Record<Exclude<Fault, 'ok'>, RegExp> = {
  hang: /did not answer completely within 1.5 s/,
  drip: /did not answer completely within 1.5 s/,
  reset: /reset the connection mid-answer/,
  huge: /more than RouteLights reads|not with a model list/,
  'invalid-json': /not with a model list it can read/,
  html: /HTML page/,
};

describe.each(['vibeproxy', 'litellm', 'openai-compatible', 'zai'] as SurfaceKind[])('%s probe', (kind) => {
  it.each(Object.keys(expected) as Array<Exclude<Fault, 'ok'>>)('%s: ends within the deadline with a clear reason', async (fault) => {
    const server = await startFaultServer(fault);
    servers.push(server);
    const started = performance.now();
    const result = await probeSurface(target(kind, `${server.url}/v1`, { key: 'k', models: ['m'] }), { ...context(DEADLINE) });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(DEADLINE * 2 + 500);
    expect(result.color).toBe('red');
    expect(result.reason).toMatch(expected[fault]);
    expect(result.reason).not.toContain('undefined');
    await new Promise((r) => setTimeout(r, 100));
    if (fault === 'hang' || fault === 'drip') expect(server.openSockets()).toBeLessThanOrEqual(1);
  });
});
