// The contract suite: the same tests run against the service in-process and through the HTTP bridge
// (test/contract/*.test.ts), so the transports cannot drift. Real files, the real Droid CLI, a local
// OpenAI-compatible server; every answer is checked against the contract's response schema.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHODS, type ApiEvent, type MethodName, type Request, type Response, type RouteLightsApi } from '../../app/api/contract.ts';
import { RouteLightsService } from '../../app/service.ts';
import { CANARY } from '../helpers/canary.ts';
import { droidBinary } from '../helpers/droid.ts';
import { startOpenAiStub, type OpenAiStub } from '../helpers/openai-stub.ts';
import { scratchDir } from '../helpers/scratch.ts';

export interface Transport {
  api: RouteLightsApi;
  close: () => Promise<void>;
}

export interface ContractWorld {
  service: RouteLightsService;
  settingsPath: string;
  stub: OpenAiStub;
}

const SETTINGS = (url: string) => `{
  // Droid settings for the contract suite: this comment must survive every save
  "customModels": [
    { "model": "echo", "id": "custom:Echo-[Local]-0", "index": 0, "baseUrl": "${url}/v1", "apiKey": "${CANARY}", "provider": "generic-chat-completion-api", "futureField": { "keep": true } }
  ],
  "enableTelemetry": false
}
`;

export function contractSuite(name: string, connect: (world: ContractWorld) => Promise<Transport>): void {
  describe(`RouteLightsApi contract (${name})`, () => {
    let world: ContractWorld;
    let transport: Transport;
    const events: ApiEvent[] = [];
    let call: <M extends MethodName>(method: M, request: Request<M>) => Promise<Response<M>>;

    beforeAll(async () => {
      const home = scratchDir('rl-contract-');
      mkdirSync(join(home, '.factory'));
      const stub = await startOpenAiStub({ models: ['echo'] });
      const settingsPath = join(home, '.factory', 'settings.json');
      writeFileSync(settingsPath, SETTINGS(stub.url));
      const service = new RouteLightsService({ settingsPath, env: { PATH: process.env.PATH, HOME: home, ROUTELIGHTS_HOME: join(home, 'data'), ROUTELIGHTS_KEYCHAIN: 'off', ROUTELIGHTS_MACHINE: 'contract-mac' }, store: null, droidPath: droidBinary(), sentinelTimeoutMs: 30_000 });
      await service.start();
      world = { service, settingsPath, stub };
      transport = await connect(world);
      transport.api.subscribe((e) => events.push(e));
      call = async (method, request) => {
        const answer = await transport.api.call(method, request);
        expect(JSON.stringify(answer) ?? '').not.toContain(CANARY);
        return METHODS[method].response.parse(answer) as never;
      };
    });

    afterAll(async () => {
      await transport?.close();
      world?.service.stop();
      await world?.stub.close();
    });

    it('refresh and snapshot: one snapshot, with the route, checked against the schema', async () => {
      const snap = await call('refresh', {});
      expect(snap.machine).toBe('contract-mac');
      expect(snap.routes.map((r) => r.id)).toEqual(['custom:Echo-[Local]-0']);
      expect((await call('snapshot', {}))?.checkedAt).toBe(snap.checkedAt);
    });

    it('routes: fields, unknown fields read-only, the key only as "<plain text>"', async () => {
      const routes = await call('routes', {});
      expect(routes.revision).toMatch(/^[0-9a-f]{16}$/);
      expect(routes.routes[0]).toMatchObject({ id: 'custom:Echo-[Local]-0', apiKey: '<plain text>', extra: { futureField: { keep: true } }, surface: { kind: 'openai-compatible' } });
      expect(routes.findings.map((f) => f.rule)).toContain('plain-text-api-key');
    });

    it('lint of a draft: the Z.AI generic endpoint is a warning on baseUrl', async () => {
      const { findings } = await call('lint', { entries: [{ id: 'custom:GLM-1', model: 'glm-5.1', baseUrl: 'https://api.z.ai/api/paas/v4', provider: 'generic-chat-completion-api' }] });
      expect(findings).toContainEqual(expect.objectContaining({ rule: 'zai-generic-endpoint', severity: 'warning', field: 'baseUrl' }));
    });

    it('saveRoutes: saved with a new revision, comments and unknown fields kept; an old revision is a conflict', async () => {
      const { revision } = await call('routes', {});
      const saved = await call('saveRoutes', { revision, changes: [{ kind: 'add', entry: { model: 'echo', id: 'custom:Echo-[Copy]-1', index: 1, baseUrl: `${world.stub.url}/v1`, apiKey: '${ECHO_KEY}', provider: 'generic-chat-completion-api' } }, { kind: 'update', id: 'custom:Echo-[Local]-0', set: { displayName: 'Echo ✓' } }] });
      expect(saved).toMatchObject({ status: 'saved' });
      if (saved.status !== 'saved') return;
      expect(saved.revision).not.toBe(revision);
      expect(saved.backups.length).toBe(2);
      const text = readFileSync(world.settingsPath, 'utf8');
      expect(text).toContain('// Droid settings for the contract suite');
      expect((parse(text) as { customModels: Array<Record<string, unknown>> }).customModels[0]).toMatchObject({ displayName: 'Echo ✓', futureField: { keep: true } });
      const stale = await call('saveRoutes', { revision, changes: [{ kind: 'remove', id: 'custom:Echo-[Copy]-1' }] });
      expect(stale).toMatchObject({ status: 'conflict', revision: saved.revision });
    });

    it('runSentinels: a pass through the real droid exec, with progress events, and the route turns green', async () => {
      const before = events.length;
      const { results } = await call('runSentinels', { routeIds: ['custom:Echo-[Local]-0'] });
      expect(results).toEqual([expect.objectContaining({ routeId: 'custom:Echo-[Local]-0', verdict: 'pass', light: 'green' })]);
      const progress = events.slice(before).filter((e) => e.type === 'sentinel').map((e) => (e.type === 'sentinel' ? e.phase : ''));
      expect(progress).toEqual(expect.arrayContaining(['started', 'verdict', 'exited']));
      const snap = await call('refresh', {});
      expect(snap.routes.find((r) => r.id === 'custom:Echo-[Local]-0')).toMatchObject({ light: 'green', lastSentinel: { verdict: 'pass' } });
    });

    it('runSentinels with a draft: proven without touching the settings file', async () => {
      const before = readFileSync(world.settingsPath, 'utf8');
      const { results } = await call('runSentinels', { draft: { model: 'echo', id: 'custom:Draft-9', baseUrl: `${world.stub.url}/v1`, apiKey: 'draft-key', provider: 'generic-chat-completion-api' } });
      expect(results[0]).toMatchObject({ routeId: 'custom:Draft-9', verdict: 'pass' });
      expect(readFileSync(world.settingsPath, 'utf8')).toBe(before);
    });

    it('keys with the keychain off: names from the routes, and a clear failure on set', async () => {
      const list = await call('keys.list', {});
      expect(list.keys).toEqual([expect.objectContaining({ name: 'ECHO_KEY', inKeychain: false, routes: ['custom:Echo-[Copy]-1'] })]);
      expect(await call('keys.set', { name: 'ECHO_KEY', value: CANARY })).toMatchObject({ failure: { layer: 'keychain', code: 'off' } });
    });

    it('backups: listed newest first, and one restored', async () => {
      const { backups } = await call('backups.list', {});
      expect(backups.length).toBeGreaterThanOrEqual(2);
      const restored = await call('backups.restore', { name: backups.at(-1)!.name });
      expect(restored).toHaveProperty('revision');
      expect(readFileSync(world.settingsPath, 'utf8')).toBe(SETTINGS(world.stub.url));
    });

    it('report: the checklist as data and markdown, with the secret check ticked', async () => {
      const { report, markdown } = await call('report', {});
      expect(report.items.at(-1)).toMatchObject({ id: 'no-secrets', ok: true });
      expect(markdown).toMatch(/^# Droid readiness — contract-mac/);
    });

    it('a change on disk by another process: an event arrives, and a save on the old revision is refused', async () => {
      const { revision } = await call('routes', {});
      const changed = new Promise<ApiEvent>((resolve) => {
        const stop = transport.api.subscribe((e) => {
          if (e.type === 'settings-changed' && !e.byRouteLights) {
            stop();
            resolve(e);
          }
        });
      });
      await new Promise((r) => setTimeout(r, 300));
      writeFileSync(world.settingsPath, readFileSync(world.settingsPath, 'utf8').replace('"enableTelemetry": false', '"enableTelemetry": true'));
      const event = await changed;
      expect(event).toMatchObject({ type: 'settings-changed' });
      const refused = await call('saveRoutes', { revision, changes: [{ kind: 'update', id: 'custom:Echo-[Local]-0', set: { displayName: 'mine' } }] });
      expect(refused.status).toBe('conflict');
    });

    it('profiles: export carries no key value; a preview plans by id and writes nothing', async () => {
      const { profile } = await call('profile.export', {});
      expect(profile.routes.map((r) => r.id)).toContain('custom:Echo-[Local]-0');
      const before = readFileSync(world.settingsPath, 'utf8');
      const preview = await call('profile.preview', { profile: { ...profile, routes: [...profile.routes, { ...profile.routes[0]!, id: 'custom:New-5', index: 5 }] }, overrides: [`${world.stub.url}=http://127.0.0.1:1`] });
      expect('plan' in preview && preview.plan.changes.map((c) => c.action)).toEqual(['update', 'add']);
      expect(readFileSync(world.settingsPath, 'utf8')).toBe(before);
      expect(await call('profile.preview', { profile, overrides: ['not an override'] })).toMatchObject({ failure: { code: 'bad-override' } });
    });

    it('cancelSentinels answers ok', async () => {
      expect(await call('cancelSentinels', {})).toEqual({ ok: true });
    });
  });
}
