// The contract suite: the same tests run against the service in-process, through the HTTP bridge and
// through the app's Unix socket (test/contract/*.test.ts), so the transports cannot drift. Each test has
// its own files, stand-in server and service, so the suite passes in any order and one test alone.
// Real files and the real Droid CLI; every answer is checked against the contract's response schema.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { METHODS, type ApiEvent, type MethodName, type Request, type Response, type RouteLightsApi } from '../../app/api/contract.ts';
import { FailureError } from '../../app/model/failure.ts';
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
  home: string;
  dataDir: string;
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

const ECHO = 'custom:Echo-[Local]-0';

/** Resolves with the first event that matches, or fails the test after a while. */
function nextEvent(api: RouteLightsApi, match: (e: ApiEvent) => boolean, timeoutMs = 10_000): Promise<ApiEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error('no such event arrived'));
    }, timeoutMs);
    const stop = api.subscribe((e) => {
      if (!match(e)) return;
      clearTimeout(timer);
      stop();
      resolve(e);
    });
  });
}

const settle = () => new Promise((r) => setTimeout(r, 300));

export function contractSuite(name: string, connect: (world: ContractWorld) => Promise<Transport>): void {
  describe(`RouteLightsApi contract (${name})`, () => {
    let world: ContractWorld;
    let transport: Transport;
    let events: ApiEvent[];
    let call: <M extends MethodName>(method: M, request: Request<M>) => Promise<Response<M>>;

    beforeEach(async () => {
      const home = scratchDir('rl-contract-');
      mkdirSync(join(home, '.factory'));
      const stub = await startOpenAiStub({ models: ['echo'] });
      const settingsPath = join(home, '.factory', 'settings.json');
      writeFileSync(settingsPath, SETTINGS(stub.url));
      const dataDir = join(home, 'data');
      const service = new RouteLightsService({ settingsPath, env: { PATH: process.env.PATH, HOME: home, ROUTELIGHTS_HOME: dataDir, ROUTELIGHTS_KEYCHAIN: 'off', ROUTELIGHTS_MACHINE: 'contract-mac' }, droidPath: droidBinary(), sentinelTimeoutMs: 30_000 });
      await service.start();
      world = { service, home, dataDir, settingsPath, stub };
      transport = await connect(world);
      events = [];
      transport.api.subscribe((e) => events.push(e));
      call = async (method, request) => {
        const answer = await transport.api.call(method, request);
        expect(JSON.stringify(answer) ?? '').not.toContain(CANARY);
        return METHODS[method].response.parse(answer) as never;
      };
    });

    afterEach(async () => {
      await transport?.close();
      world?.service.stop();
      await world?.stub.close();
    });

    it('refresh and snapshot: one snapshot, the route as one record with its settings and its light', async () => {
      const snap = await call('refresh', {});
      expect(snap.machine).toBe('contract-mac');
      expect(snap.routes).toEqual([expect.objectContaining({ key: `${world.settingsPath}#${ECHO}`, id: ECHO, used: true, light: 'yellow', settings: expect.objectContaining({ model: 'echo', key: { kind: 'plain' }, extra: { futureField: { keep: true } } }), surface: expect.objectContaining({ kind: 'openai-compatible' }) })]);
      expect(snap.revision).toMatch(/^[0-9a-f]{16}$/);
      expect((await call('snapshot', {}))?.checkedAt).toBe(snap.checkedAt);
    });

    it('routes: the records as the files are now, the key only as where it sits, lint findings by route key', async () => {
      const routes = await call('routes', {});
      expect(routes.revision).toMatch(/^[0-9a-f]{16}$/);
      expect(routes.routes[0]).toMatchObject({ id: ECHO, source: { kind: 'settings', path: world.settingsPath, position: 0, project: null }, settings: { key: { kind: 'plain' } } });
      expect(routes.findings).toContainEqual(expect.objectContaining({ rule: 'plain-text-api-key', routeKey: routes.routes[0]!.key }));
    });

    it('an entry Droid ignores has its own gray light naming the entry Droid uses, never the other one\'s light', async () => {
      // The same id in settings.json (a dead port) and in settings.local.json (the live stand-in): Droid uses the local one only.
      writeFileSync(world.settingsPath, `{ "customModels": [ { "model": "echo", "id": "${ECHO}", "index": 0, "baseUrl": "http://127.0.0.1:9/v1", "apiKey": "k", "provider": "generic-chat-completion-api" } ] }`);
      const local = join(world.home, '.factory', 'settings.local.json');
      writeFileSync(local, `{ "customModels": [ { "model": "echo", "id": "${ECHO}", "index": 0, "baseUrl": "${world.stub.url}/v1", "apiKey": "k", "provider": "generic-chat-completion-api" } ] }`);
      const snap = await call('refresh', {});
      const ignored = snap.routes.find((r) => r.source.path === world.settingsPath)!;
      const used = snap.routes.find((r) => r.source.path === local)!;
      expect(used).toMatchObject({ used: true, light: 'yellow', layer: 'sentinel' });
      expect(ignored).toMatchObject({ used: false, light: 'gray', instead: used.key });
      expect(ignored.reason).toContain(`Droid uses entry 1 of ${local}`);
      expect(snap.overall).not.toBe('red');
    });

    it('lint of a draft: the Z.AI generic endpoint is a warning on baseUrl', async () => {
      const { findings } = await call('lint', { entries: [{ id: 'custom:GLM-1', model: 'glm-5.1', baseUrl: 'https://api.z.ai/api/paas/v4', provider: 'generic-chat-completion-api' }] });
      expect(findings).toContainEqual(expect.objectContaining({ rule: 'zai-generic-endpoint', severity: 'warning', field: 'baseUrl' }));
    });

    it('B7: a save that changes nothing, and a move of the last route further down, write nothing and keep no backup', async () => {
      const before = readFileSync(world.settingsPath);
      const { revision, routes } = await call('routes', {});
      const same = await call('saveRoutes', { revision, changes: [{ kind: 'update', id: ECHO, set: { model: routes[0]!.settings.model } }] });
      expect(same).toMatchObject({ status: 'saved', revision, backups: [] });
      const down = await call('saveRoutes', { revision, changes: [{ kind: 'move', id: ECHO, to: 5 }] });
      expect(down).toMatchObject({ status: 'saved', revision, backups: [] });
      expect(readFileSync(world.settingsPath).equals(before)).toBe(true);
      expect((await call('backups.list', {})).backups).toEqual([]);
    });

    it('backups as history: the action and routes each preceded, a diff with the key masked, one undo per action, scrubbing keys in clear', async () => {
      const original = readFileSync(world.settingsPath, 'utf8');
      const { revision } = await call('routes', {});
      const saved = await call('saveRoutes', { revision, changes: [{ kind: 'update', id: ECHO, set: { displayName: 'First' } }, { kind: 'add', entry: { model: 'echo', id: 'custom:Two-1', baseUrl: `${world.stub.url}/v1`, apiKey: '${ECHO_KEY}', provider: 'generic-chat-completion-api' } }] });
      if (saved.status !== 'saved') throw new Error('not saved');
      const [entry] = (await call('backups.list', {})).backups;
      expect(entry).toMatchObject({ action: `2 changes: Edit ${ECHO}, Add custom:Two-1`, routes: [ECHO, 'custom:Two-1'], holdsPlainKey: true });
      const { lines, identical } = await call('backups.diff', { name: entry!.name });
      expect(identical).toBe(false);
      expect(lines.filter((l) => l.kind === 'add').map((l) => l.text).join('\n')).toContain('"displayName": "First"');
      expect(lines.map((l) => l.text).join('\n')).toContain('‹redacted›');
      const undone = await call('backups.undo', { actionId: entry!.actionId! });
      expect(undone.files).toEqual([world.settingsPath]);
      expect(readFileSync(world.settingsPath, 'utf8')).toBe(original);
      const history = (await call('backups.list', {})).backups;
      expect(history[0]).toMatchObject({ action: `Undo: 2 changes: Edit ${ECHO}, Add custom:Two-1` });
      const { removed } = await call('backups.scrub', {});
      expect(removed.length).toBe(history.length);
      expect((await call('backups.list', {})).backups).toEqual([]);
      await expect(transport.api.call('backups.undo', { actionId: entry!.actionId! })).rejects.toMatchObject({ failure: { code: 'unknown-action' } });
    });

    it('saveRoutes: saved with a new revision, comments and unknown fields kept; an old revision is a conflict', async () => {
      const { revision } = await call('routes', {});
      const saved = await call('saveRoutes', { revision, changes: [{ kind: 'add', entry: { model: 'echo', id: 'custom:Echo-[Copy]-1', baseUrl: `${world.stub.url}/v1`, apiKey: '${ECHO_KEY}', provider: 'generic-chat-completion-api' } }, { kind: 'update', id: ECHO, set: { displayName: 'Echo ✓' } }] });
      expect(saved).toMatchObject({ status: 'saved' });
      if (saved.status !== 'saved') return;
      expect(saved.revision).not.toBe(revision);
      // One user action, one backup: what it changed goes back in one step.
      expect(saved.backups.length).toBe(1);
      expect(saved.files).toEqual([world.settingsPath]);
      const text = readFileSync(world.settingsPath, 'utf8');
      expect(text).toContain('// Droid settings for the contract suite');
      const entries = (parse(text) as { customModels: Array<Record<string, unknown>> }).customModels;
      expect(entries[0]).toMatchObject({ displayName: 'Echo ✓', futureField: { keep: true } });
      expect(entries[1]).toMatchObject({ id: 'custom:Echo-[Copy]-1', index: 1 });
      const stale = await call('saveRoutes', { revision, changes: [{ kind: 'remove', id: 'custom:Echo-[Copy]-1' }] });
      expect(stale).toMatchObject({ status: 'conflict', revision: saved.revision });
    });

    it('after a save through the API, the next edit in a text editor is an outside change', async () => {
      const { revision } = await call('routes', {});
      const own = nextEvent(transport.api, (e) => e.type === 'settings-changed');
      await call('saveRoutes', { revision, changes: [{ kind: 'update', id: ECHO, set: { displayName: 'by the window' } }] });
      expect(await own).toMatchObject({ byRouteLights: true });
      await settle();
      const outside = nextEvent(transport.api, (e) => e.type === 'settings-changed');
      writeFileSync(world.settingsPath, readFileSync(world.settingsPath, 'utf8').replace('"enableTelemetry": false', '"enableTelemetry": true'));
      expect(await outside).toMatchObject({ byRouteLights: false });
    });

    it('after a keys.move that fails, the next edit in a text editor is an outside change', async () => {
      await expect(transport.api.call('keys.move', {})).rejects.toMatchObject({ failure: { layer: 'keychain', code: 'off' } });
      await settle();
      const outside = nextEvent(transport.api, (e) => e.type === 'settings-changed');
      writeFileSync(world.settingsPath, readFileSync(world.settingsPath, 'utf8').replace('"enableTelemetry": false', '"enableTelemetry": true'));
      expect(await outside).toMatchObject({ byRouteLights: false });
    });

    it('a change on disk by another process: an event arrives, and a save on the old revision is refused', async () => {
      const { revision } = await call('routes', {});
      await settle();
      const changed = nextEvent(transport.api, (e) => e.type === 'settings-changed' && !e.byRouteLights);
      writeFileSync(world.settingsPath, readFileSync(world.settingsPath, 'utf8').replace('"enableTelemetry": false', '"enableTelemetry": true'));
      await changed;
      const refused = await call('saveRoutes', { revision, changes: [{ kind: 'update', id: ECHO, set: { displayName: 'mine' } }] });
      expect(refused.status).toBe('conflict');
    });

    it('runSentinels: a pass through the real droid exec, with progress events by route key, and the record turns green', async () => {
      const { results } = await call('runSentinels', { routeIds: [ECHO] });
      expect(results).toEqual([expect.objectContaining({ routeId: ECHO, routeKey: `${world.settingsPath}#${ECHO}`, verdict: 'pass', light: 'green' })]);
      const progress = events.filter((e) => e.type === 'sentinel').map((e) => (e.type === 'sentinel' ? `${e.phase}:${e.routeKey}` : ''));
      expect(progress).toEqual(expect.arrayContaining([`started:${results[0]!.routeKey}`, `verdict:${results[0]!.routeKey}`, `exited:${results[0]!.routeKey}`]));
      expect(events.find((e) => e.type === 'sentinel' && e.phase === 'verdict')).toMatchObject({ progress: { done: 1, total: 1 } });
      const snap = await call('refresh', {});
      expect(snap.routes.find((r) => r.id === ECHO)).toMatchObject({ light: 'green', lastSentinel: { verdict: 'pass' } });
    });

    it('runSentinels with an id no route has is refused, naming the ids there are', async () => {
      await expect(transport.api.call('runSentinels', { routeIds: ['custom:nope'] })).rejects.toMatchObject({ failure: { code: 'unknown-route', remedy: expect.stringContaining(ECHO) } });
    });

    it('a second sentinel run while one is in progress is refused, naming the first; cancel ends the first', async () => {
      world.stub.behaviour = { kind: 'hang' };
      const started = nextEvent(transport.api, (e) => e.type === 'sentinel' && e.phase === 'started');
      const first = transport.api.call('runSentinels', { routeIds: [ECHO], requestedBy: 'window', force: true });
      await started;
      const second = await transport.api.call('runSentinels', { routeIds: [ECHO], requestedBy: 'terminal' }).catch((e: unknown) => e);
      expect(second).toBeInstanceOf(FailureError);
      expect((second as FailureError).failure).toMatchObject({ code: 'busy', reason: expect.stringContaining('started from the settings window') });
      await call('cancelSentinels', {});
      expect((await first).results[0]).toMatchObject({ verdict: 'skipped', reason: 'Cancelled.' });
    });

    it('B6: a draft that passed proves the route it is exactly (tested then saved, or saved then tested); a different draft proves nothing', async () => {
      const entry = { model: 'echo', id: 'custom:Proved-0', baseUrl: `${world.stub.url}/v1`, apiKey: 'draft-key-0123456789', provider: 'generic-chat-completion-api' };
      const light = async (id: string) => (await call('refresh', {})).routes.find((r) => r.id === id);
      expect((await call('runSentinels', { drafts: [{ ...entry, apiKey: 'another-key-0123456789' }] })).results[0]).toMatchObject({ verdict: 'pass' });
      const { revision } = await call('routes', {});
      expect(await call('saveRoutes', { revision, changes: [{ kind: 'add', entry }] })).toMatchObject({ status: 'saved' });
      expect(await light('custom:Proved-0')).toMatchObject({ light: 'yellow', layer: 'sentinel' });
      expect((await call('runSentinels', { drafts: [entry] })).results[0]).toMatchObject({ verdict: 'pass' });
      expect(await light('custom:Proved-0')).toMatchObject({ light: 'green', layer: 'sentinel' });
      // Tested first, then saved as tested: the proof follows the save.
      const second = { ...entry, id: 'custom:Proved-1' };
      expect((await call('runSentinels', { drafts: [second] })).results[0]).toMatchObject({ verdict: 'pass' });
      const again = await call('routes', {});
      expect(await call('saveRoutes', { revision: again.revision, changes: [{ kind: 'add', entry: second }] })).toMatchObject({ status: 'saved' });
      expect(await light('custom:Proved-1')).toMatchObject({ light: 'green', layer: 'sentinel' });
      expect(await light(ECHO)).toMatchObject({ light: 'yellow' });
    });

    it('runSentinels with a draft: proven without touching the settings file', async () => {
      const before = readFileSync(world.settingsPath, 'utf8');
      const { results } = await call('runSentinels', { drafts: [{ model: 'echo', id: 'custom:Draft-9', baseUrl: `${world.stub.url}/v1`, apiKey: 'draft-key', provider: 'generic-chat-completion-api' }] });
      expect(results[0]).toMatchObject({ routeId: 'custom:Draft-9', routeKey: 'draft#custom:Draft-9', verdict: 'pass' });
      expect(readFileSync(world.settingsPath, 'utf8')).toBe(before);
    });

    it("a project folder's routes appear with their own source, and its route's sentinel passes through Droid run in that folder", async () => {
      const project = scratchDir('rl-project-');
      mkdirSync(join(project, '.factory'));
      writeFileSync(join(project, '.factory', 'settings.json'), `{ "customModels": [ { "model": "echo", "id": "custom:Repo-Echo-0", "index": 0, "baseUrl": "${world.stub.url}/v1", "apiKey": "project-key", "provider": "generic-chat-completion-api" } ] }`);
      const { projects } = await call('projects.add', { path: project });
      expect(projects).toEqual([expect.objectContaining({ path: project, routes: 1 })]);
      const routes = await call('routes', {});
      const repo = routes.routes.find((r) => r.id === 'custom:Repo-Echo-0')!;
      expect(repo.source).toEqual({ kind: 'project', path: join(project, '.factory', 'settings.json'), position: 0, project });
      const { results } = await call('runSentinels', { routeKeys: [repo.key] });
      expect(results).toEqual([expect.objectContaining({ routeKey: repo.key, verdict: 'pass' })]);
      expect(world.stub.requests.some((r) => r.authorization === 'Bearer project-key' && r.path === '/v1/chat/completions')).toBe(true);
    });

    it('a route whose path Droid builds does not exist on its surface is red, naming the path Droid will call', async () => {
      writeFileSync(world.settingsPath, `{ "customModels": [ { "model": "echo", "id": "custom:Claude-Style-0", "index": 0, "baseUrl": "${world.stub.url}/api", "apiKey": "k", "provider": "anthropic" } ] }`);
      const snap = await call('refresh', {});
      expect(snap.routes[0]).toMatchObject({ light: 'red', layer: 'route', reason: expect.stringContaining('POST /api/v1/messages') });
    });

    it("surfaces.set declares an origin's kind (the route follows at once) and its threshold; a bad origin is a clear failure", async () => {
      const origin = world.stub.url;
      expect((await call('surfaces.list', {})).surfaces).toEqual([]);
      const { surfaces } = await call('surfaces.set', { origin: `${origin}/`, kind: 'zai', lowPercent: 25 });
      expect(surfaces).toEqual([{ origin, kind: 'zai', kindFromEnv: false, lowPercent: 25 }]);
      expect((await call('routes', {})).routes[0]!.surface).toMatchObject({ id: origin, kind: 'zai' });
      const snap = await call('refresh', {});
      expect(snap.routes[0]!.surface).toMatchObject({ id: origin, kind: 'zai' });
      expect(snap.surfaces.find((x) => x.id === origin)).toMatchObject({ kind: 'zai', kindDeclared: true, lowPercent: 25 });
      expect((await call('surfaces.set', { origin, kind: null })).surfaces).toEqual([{ origin, kind: null, kindFromEnv: false, lowPercent: 25 }]);
      expect((await call('routes', {})).routes[0]!.surface?.kind).toBe('openai-compatible');
      await expect(transport.api.call('surfaces.set', { origin: 'not a url', kind: 'zai' })).rejects.toMatchObject({ failure: { layer: 'usage', code: 'bad-origin' } });
      await expect(transport.api.call('surfaces.set', { origin, lowPercent: 140 })).rejects.toHaveProperty('failure');
      expect((await call('surfaces.list', {})).surfaces[0]!.lowPercent).toBe(25);
    });

    it('keys with the keychain off: names from the routes, and a clear failure on set', async () => {
      writeFileSync(world.settingsPath, `{ "customModels": [ { "model": "echo", "id": "custom:Ref-0", "index": 0, "baseUrl": "${world.stub.url}/v1", "apiKey": "\${ECHO_KEY}", "provider": "generic-chat-completion-api" } ] }`);
      const list = await call('keys.list', {});
      expect(list.keys).toEqual([expect.objectContaining({ name: 'ECHO_KEY', inKeychain: false, routes: ['custom:Ref-0'] })]);
      await expect(transport.api.call('keys.set', { name: 'ECHO_KEY', value: CANARY })).rejects.toMatchObject({ failure: { layer: 'keychain', code: 'off' } });
    });

    it('backups: listed newest first, and one restored', async () => {
      for (const name of ['one', 'two']) {
        const { revision } = await call('routes', {});
        await call('saveRoutes', { revision, changes: [{ kind: 'update', id: ECHO, set: { displayName: name } }] });
      }
      const { backups } = await call('backups.list', {});
      expect(backups.length).toBe(2);
      expect(await call('backups.restore', { name: backups.at(-1)!.name })).toHaveProperty('revision');
      expect(readFileSync(world.settingsPath, 'utf8')).toBe(SETTINGS(world.stub.url));
    });

    it('report: the checklist as data and markdown, with the secret check ticked', async () => {
      const { report, markdown } = await call('report', {});
      expect(report.items.at(-1)).toMatchObject({ id: 'no-secrets', ok: true });
      expect(markdown).toMatch(/^# Droid readiness — contract-mac/);
    });

    it('profiles: export carries no key value; a preview plans by id and writes nothing; a bad override is a failure', async () => {
      const { profile } = await call('profile.export', {});
      expect(profile.routes.map((r) => r.id)).toContain(ECHO);
      const before = readFileSync(world.settingsPath, 'utf8');
      const { plan } = await call('profile.preview', { profile: { ...profile, routes: [...profile.routes, { ...profile.routes[0]!, id: 'custom:New-5', index: 5 }] }, overrides: [`${world.stub.url}=http://127.0.0.1:1`] });
      expect(plan.changes.map((c) => c.action)).toEqual(['update', 'add']);
      expect(readFileSync(world.settingsPath, 'utf8')).toBe(before);
      await expect(transport.api.call('profile.preview', { profile, overrides: ['not an override'] })).rejects.toMatchObject({ failure: { code: 'bad-override' } });
    });

    it("a name that is not one of the contract's methods is a clear failure, never a crash", async () => {
      for (const method of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
        const error = await transport.api.call(method as MethodName, {} as never).catch((e: unknown) => e);
        expect(error, method).toBeInstanceOf(FailureError);
        expect((error as FailureError).failure.code, method).toBe('unknown-method');
      }
    });

    it('openRoute: held while no window listens, then given once to the first window that does; never to other subscribers', async () => {
      const route = { source: world.settingsPath, id: ECHO };
      await call('openRoute', route);
      await settle();
      expect(events.filter((e) => e.type === 'open-route')).toEqual([]);
      const seen: ApiEvent[] = [];
      const stop = transport.api.subscribe((e) => seen.push(e), { window: true });
      await expect.poll(() => seen.filter((e) => e.type === 'open-route')).toEqual([{ type: 'open-route', ...route }]);
      await call('openRoute', {});
      await expect.poll(() => seen.filter((e) => e.type === 'open-route')).toEqual([{ type: 'open-route', ...route }, { type: 'open-route', source: null, id: null }]);
      stop();
      const later: ApiEvent[] = [];
      const again = transport.api.subscribe((e) => later.push(e), { window: true });
      await settle();
      again();
      expect(later.filter((e) => e.type === 'open-route')).toEqual([]);
      expect(events.filter((e) => e.type === 'open-route')).toEqual([]);
    });

    it('about: who answers, for which settings file', async () => {
      expect(await call('about', {})).toMatchObject({ pid: expect.any(Number), settingsPath: world.settingsPath, machine: 'contract-mac' });
    });

    it('cancelSentinels with nothing running answers ok', async () => {
      expect(await call('cancelSentinels', {})).toEqual({ ok: true });
    });
  });
}
