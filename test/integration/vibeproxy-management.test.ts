// The management API of a real CLIProxyAPI: asked only with a key the user gave, and never a second
// time after a 401 (five wrong keys from one address ban it for 30 minutes, loopback included).
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { probeVibeProxy } from '../../app/surfaces/vibeproxy.ts';
import type { ProbeContext } from '../../app/surfaces/probe-types.ts';
import { startCliProxyApi, type CliProxyApi } from '../helpers/cliproxyapi.ts';
import { target } from '../helpers/probe-target.ts';
import { scratchDir } from '../helpers/scratch.ts';

let engine: CliProxyApi;
beforeAll(async () => {
  engine = await startCliProxyApi({ dir: join(scratchDir('rl-mgmt-'), 'engine'), apiKeys: ['client-key'], managementSecret: 'the-right-secret' });
});
afterAll(() => engine?.stop());

const managementCalls = () => engine.log().split('\n').filter((l) => l.includes('/v0/management')).length;

it('a wrong management key is tried once, then never again in this session', async () => {
  const ctx: ProbeContext = { deadlineMs: 3_000, vibeproxy: { authDir: '/nonexistent', enginePort: engine.port, managementKey: 'a-wrong-secret' }, rejectedManagementKeys: new Set() };
  const t = target('vibeproxy', `${engine.url}/v1`, { key: 'client-key' });
  const first = await probeVibeProxy(t, ctx);
  expect(first.notes.map((n) => n.message).join(' ')).toMatch(/management key was rejected; RouteLights will not try it again/);
  for (let i = 0; i < 4; i++) await probeVibeProxy(t, ctx);
  await new Promise((r) => setTimeout(r, 300));
  expect(managementCalls()).toBe(1);
});

it('without a management key the management API is never asked', async () => {
  const before = managementCalls();
  const ctx: ProbeContext = { deadlineMs: 3_000, vibeproxy: { authDir: '/nonexistent', enginePort: engine.port }, rejectedManagementKeys: new Set() };
  await probeVibeProxy(target('vibeproxy', `${engine.url}/v1`, { key: 'client-key' }), ctx);
  await new Promise((r) => setTimeout(r, 300));
  expect(managementCalls()).toBe(before);
});
