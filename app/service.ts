// The RouteLights service: the one implementation of the API contract (app/api/contract.ts). It owns one
// monitor and one settings engine, watches Droid's settings files for outside changes, runs sentinels,
// and emits events. The tray (IPC), the window (IPC or the HTTP bridge) and the CLI all speak to it.
import { EventEmitter } from 'node:events';
import { watch, type FSWatcher } from 'node:fs';
import { cpus } from 'node:os';
import { basename, dirname } from 'node:path';
import { METHODS, type ApiEvent, type Call, type MethodName, type Request, type Response, type RouteLightsApi, type SaveResponse } from './api/contract.ts';
import { dataDir } from './data-dir.ts';
import { createMonitor } from './health/create-monitor.ts';
import { machineName } from './health/machine.ts';
import type { Monitor, MonitorOptions } from './health/monitor.ts';
import { primeFromHistory } from './health/prime.ts';
import type { Failure } from './model/failure.ts';
import type { Snapshot } from './model/snapshot.ts';
import { applyImport, planImport, planView, type ImportPlan } from './profiles/import.ts';
import { overridesPath, parseOverride, readOverrides, saveOverrides } from './profiles/overrides.ts';
import { exportProfile } from './profiles/profile.ts';
import { listKeys } from './secrets/key-list.ts';
import { prepareLookup, referencedNames } from './secrets/lookup.ts';
import { moveKeysToStore } from './secrets/move-keys.ts';
import type { KeyLookup } from './secrets/resolve.ts';
import type { SecretStore } from './secrets/store.ts';
import { draftRoute, prepareDraft } from './sentinels/draft.ts';
import { appendHistory, historyPath } from './sentinels/history.ts';
import { runnerOptionsFor } from './sentinels/options.ts';
import { readinessReport, reportMarkdown } from './sentinels/report.ts';
import { defaultConcurrency, runSentinels, type SentinelTarget } from './sentinels/runner.ts';
import { listBackups } from './settings/backups.ts';
import { lintRoutes } from './settings/lint.ts';
import { restoreBackup } from './settings/restore.ts';
import { applyRouteChange } from './settings/route-edits.ts';
import { effectiveRoutes, loadRouteMap, type RouteMap } from './settings/route-map.ts';
import { routeViews } from './settings/route-view.ts';
import { surfaceOptionsFromEnv, type SurfaceOptions } from './surfaces/derive.ts';
import { findDroid } from './surfaces/droid-account.ts';

export interface ServiceOptions {
  settingsPath: string;
  env: NodeJS.ProcessEnv;
  store: SecretStore | null;
  droidPath?: string;
  daemonPort?: number;
  monitor?: Partial<MonitorOptions>;
  /** Start polling on start() (the tray and `serve` do; tests drive refresh() themselves). */
  poll?: boolean;
  sentinelTimeoutMs?: number;
}

const SETTINGS_FILES = new Set(['settings.json', 'settings.local.json', 'config.json']);

export class RouteLightsService implements RouteLightsApi {
  private readonly events = new EventEmitter<{ event: [ApiEvent] }>();
  private readonly surfaceOptions: SurfaceOptions;
  private readonly historyFile: string;
  private readonly machine: string;
  private monitor!: Monitor;
  private lookup: KeyLookup = () => undefined;
  private keychainFailure: Failure | null = null;
  private watcher: FSWatcher | null = null;
  private knownRevision: string | null = null;
  private ownWrite = false;
  private running: AbortController | null = null;
  private debounce: NodeJS.Timeout | null = null;

  private readonly options: ServiceOptions;

  constructor(options: ServiceOptions) {
    this.options = options;
    this.surfaceOptions = surfaceOptionsFromEnv(options.env);
    this.historyFile = historyPath(dataDir(options.env));
    this.machine = machineName(options.env);
  }

  async start(): Promise<void> {
    const map = await loadRouteMap(this.options.settingsPath);
    this.knownRevision = map.ok ? map.value.revision : null;
    await this.refreshLookup(map.ok ? map.value : null);
    this.monitor = createMonitor({
      settingsPath: this.options.settingsPath,
      env: this.options.env,
      lookupKey: (name) => this.lookup(name),
      ...(this.options.droidPath ? { droidPath: this.options.droidPath } : {}),
      ...(this.options.daemonPort ? { daemonPort: this.options.daemonPort } : {}),
      ...(this.options.monitor ? { options: this.options.monitor } : {}),
    });
    await primeFromHistory(this.monitor, this.historyFile);
    this.monitor.on('snapshot', (snapshot) => this.emit({ type: 'snapshot', snapshot }));
    this.monitor.on('light', (c) => this.emit({ type: 'light', kind: c.kind, id: c.id, from: c.from, to: c.to, reason: c.light.reason, remedy: c.light.remedy }));
    this.watchSettings();
    if (this.options.poll) this.monitor.start();
  }

  stop(): void {
    this.monitor?.stop();
    this.watcher?.close();
    this.running?.abort();
    if (this.debounce) clearTimeout(this.debounce);
  }

  /** Pause and resume polling (sleep and wake, network changes). */
  pause(): void {
    this.monitor.pause();
  }

  resume(): void {
    this.monitor.resume();
  }

  subscribe(listener: (event: ApiEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  private emit(event: ApiEvent): void {
    this.events.emit('event', event);
  }

  /** Keys are read from the store once, up front, for the names the routes reference; never from a polling loop. */
  private async refreshLookup(map: RouteMap | null): Promise<void> {
    const prepared = await prepareLookup(this.options.env, this.options.store, map ? referencedNames(map.routes) : []);
    this.lookup = prepared.lookup;
    this.keychainFailure = prepared.storeFailure;
  }

  private watchSettings(): void {
    try {
      // The folder, not the file: Droid and the safe write replace the file by renaming over it.
      this.watcher = watch(dirname(this.options.settingsPath), (_event, name) => {
        if (!name || !SETTINGS_FILES.has(basename(String(name)))) return;
        if (this.debounce) clearTimeout(this.debounce);
        this.debounce = setTimeout(() => void this.checkSettings(), 150);
      });
      this.watcher.on('error', () => undefined);
    } catch {
      // No folder yet (no settings file): nothing to watch until it exists.
    }
  }

  private async checkSettings(): Promise<void> {
    const map = await loadRouteMap(this.options.settingsPath);
    const revision = map.ok ? map.value.revision : 'unreadable';
    if (revision === this.knownRevision) return;
    this.knownRevision = revision;
    const byRouteLights = this.ownWrite;
    this.ownWrite = false;
    this.emit({ type: 'settings-changed', revision, byRouteLights });
    await this.refreshLookup(map.ok ? map.value : null);
    void this.monitor.cycle();
  }

  call: Call = async <M extends MethodName>(method: M, request: Request<M>): Promise<Response<M>> => {
    const parsed = METHODS[method].request.parse(request) as never;
    const handler = this.handlers[method] as (req: never) => Promise<unknown>;
    return METHODS[method].response.parse(await handler(parsed)) as Response<M>;
  };

  private readonly handlers: { [M in MethodName]: (request: Request<M>) => Promise<Response<M>> } = {
    snapshot: async () => this.monitor.snapshot(),
    refresh: async () => this.monitor.refreshNow(),
    cancelSentinels: async () => {
      this.running?.abort();
      return { ok: true as const };
    },
    routes: async () => {
      const map = await this.mapOrThrow();
      const findings = [...map.problems, ...lintRoutes(map.routes, this.surfaceOptions)];
      return { settingsPath: map.paths.settings, revision: map.revision, routes: routeViews(map.routes, this.surfaceOptions), findings };
    },
    saveRoutes: async (request) => this.save(request.changes as never, request.revision),
    lint: async (request) => ({ findings: lintRoutes(request.entries.map((e, i) => draftRoute(e, 'draft', i)), this.surfaceOptions) }),
    runSentinels: async (request) => this.runSentinels(request),
    'keys.list': async () => {
      const map = await loadRouteMap(this.options.settingsPath);
      return listKeys(this.options.store, map.ok ? map.value.routes : [], this.options.env);
    },
    'keys.set': async (request) => {
      const store = this.requireStore();
      if ('failure' in store) return store;
      const set = await store.set(request.name, request.value);
      if (!set.ok) return { failure: set.failure };
      await this.afterKeysChanged();
      return { ok: true as const };
    },
    'keys.delete': async (request) => {
      const store = this.requireStore();
      if ('failure' in store) return store;
      const deleted = await store.delete(request.name);
      if (!deleted.ok) return { failure: deleted.failure };
      await this.afterKeysChanged();
      return { existed: deleted.value };
    },
    'keys.move': async (request) => {
      const store = this.requireStore();
      if ('failure' in store) return store;
      this.ownWrite = true;
      const moved = await moveKeysToStore(this.options.settingsPath, store, this.surfaceOptions, request.routeIds, !!request.scrubBackups);
      if (!moved.ok) return { failure: moved.failure };
      await this.afterKeysChanged();
      return moved.value;
    },
    'backups.list': async () => ({ backups: await listBackups(this.options.settingsPath) }),
    'backups.restore': async (request) => {
      this.ownWrite = true;
      const restored = await restoreBackup(this.options.settingsPath, request.name);
      return restored.ok ? { revision: (await this.mapOrThrow()).revision } : { failure: restored.failure };
    },
    'profile.export': async () => ({ profile: exportProfile(effectiveRoutes(await this.mapOrThrow()), this.machine) }),
    'profile.preview': async (request) => {
      const planned = await this.planProfile(request);
      return 'failure' in planned ? planned : { plan: planView(planned) };
    },
    'profile.import': async (request) => {
      const planned = await this.planProfile(request);
      if ('failure' in planned) return planned;
      this.ownWrite = true;
      const applied = await applyImport(this.options.settingsPath, planned);
      if (!applied.ok) return { failure: applied.failure };
      const path = overridesPath(dataDir(this.options.env));
      await saveOverrides(path, { ...(await readOverrides(path)), ...parsedOverrides(request.overrides) });
      await this.afterKeysChanged();
      return { plan: planView(planned), applied: applied.value };
    },
    report: async () => {
      const map = await this.mapOrThrow();
      const snapshot = this.monitor.snapshot() ?? (await this.monitor.refreshNow());
      const report = await readinessReport(snapshot, effectiveRoutes(map), this.historyFile, this.lookup, this.monitor.options.freshnessMs);
      return { report, markdown: reportMarkdown(report) };
    },
  };

  private async planProfile(request: Request<'profile.preview'>): Promise<ImportPlan | { failure: Failure }> {
    const overrides: string[] = request.overrides ?? [];
    for (const o of overrides) {
      const parsed = parseOverride(o);
      if (!parsed.ok) return { failure: parsed.failure };
    }
    const origins = { ...(await readOverrides(overridesPath(dataDir(this.options.env)))), ...parsedOverrides(overrides) };
    return planImport(request.profile, await this.mapOrThrow(), origins, this.lookup);
  }

  private requireStore(): SecretStore | { failure: Failure } {
    return this.options.store ?? { failure: { layer: 'keychain', code: 'off', reason: 'The Keychain is switched off for this session ($ROUTELIGHTS_KEYCHAIN=off).', remedy: 'Unset ROUTELIGHTS_KEYCHAIN and restart RouteLights.' } };
  }

  private async afterKeysChanged(): Promise<void> {
    const map = await loadRouteMap(this.options.settingsPath);
    await this.refreshLookup(map.ok ? map.value : null);
    void this.monitor.cycle();
  }

  private async mapOrThrow(): Promise<RouteMap> {
    const map = await loadRouteMap(this.options.settingsPath);
    if (!map.ok) throw new ServiceError(map.failure);
    return map.value;
  }

  private async save(changes: Parameters<typeof applyRouteChange>[1][], revision: string): Promise<SaveResponse> {
    let map = await this.mapOrThrow();
    if (map.revision !== revision) {
      return { status: 'conflict', revision: map.revision, reason: 'The settings changed on disk since they were loaded (Droid or another editor wrote them).', remedy: 'Reload the routes, or review the difference, then save again.' };
    }
    const backups: string[] = [];
    for (const [i, change] of changes.entries()) {
      this.ownWrite = true;
      const written = await applyRouteChange(map, change);
      if (!written.ok) {
        const saved = i === 0 ? 'Nothing was saved.' : `${i} of ${changes.length} changes were saved before this one.`;
        if (written.failure.code === 'conflict') return { status: 'conflict', revision: (await this.mapOrThrow()).revision, reason: `${written.failure.reason} ${saved}`, remedy: written.failure.remedy };
        return { status: 'failed', failure: { ...written.failure, reason: `${written.failure.reason} ${saved}` } };
      }
      if (written.value.backupPath) backups.push(written.value.backupPath);
      map = await this.mapOrThrow();
    }
    this.knownRevision = map.revision;
    await this.refreshLookup(map);
    void this.monitor.cycle();
    return { status: 'saved', revision: map.revision, backups };
  }

  private async runSentinels(request: Request<'runSentinels'>): Promise<Response<'runSentinels'>> {
    if (this.running) throw new ServiceError({ layer: 'usage', code: 'busy', reason: 'Sentinels are already running.', remedy: 'Wait for them to finish, or cancel them.' });
    const droidPath = await findDroid(this.options.droidPath, this.options.env);
    if (!droidPath) throw new ServiceError({ layer: 'droid-account', code: 'no-droid', reason: 'Droid is not installed: no droid on PATH or in ~/.local/bin.', remedy: "Install Factory's Droid CLI, or start RouteLights with --droid PATH." });
    const map = await this.mapOrThrow();
    let targets: SentinelTarget[];
    let cleanup = async (): Promise<void> => undefined;
    if (request.draft) {
      const draft = await prepareDraft([request.draft], 'the draft', this.surfaceOptions);
      if (!draft.ok) throw new ServiceError(draft.failure);
      targets = draft.value.routes.map((route) => ({ route, draftSettingsFile: draft.value.settingsFile }));
      cleanup = draft.value.remove;
    } else {
      const routes = effectiveRoutes(map).filter((r) => !request.routeIds || request.routeIds.includes(r.id));
      targets = routes.map((route) => ({ route }));
    }
    this.running = new AbortController();
    try {
      const snapshot: Snapshot | null = this.monitor.snapshot() ?? (await this.monitor.refreshNow());
      const results = await runSentinels(
        targets,
        runnerOptionsFor({
          droidPath,
          env: this.options.env,
          settingsPath: this.options.settingsPath,
          map,
          lookupKey: this.lookup,
          surfaceOptions: this.surfaceOptions,
          snapshot,
          concurrency: defaultConcurrency(cpus().length),
          ...(this.options.sentinelTimeoutMs ? { timeoutMs: this.options.sentinelTimeoutMs } : {}),
          force: !!request.force,
          signal: this.running.signal,
          onProgress: (e) => this.emit({ type: 'sentinel', phase: e.kind, routeId: e.kind === 'started' ? e.routeId : e.result.routeId, result: e.kind === 'started' ? null : { ...e.result } }),
        }),
      );
      if (!request.draft) {
        for (const r of results) if (r.verdict !== 'skipped') this.monitor.recordSentinel(r.routeId, { verdict: r.verdict, at: r.finishedAt, reason: r.reason, remedy: r.remedy });
        await appendHistory(this.historyFile, this.machine, results);
        void this.monitor.cycle();
      }
      return { results };
    } finally {
      this.running = null;
      await cleanup();
    }
  }

  /** For the tray: the last keychain problem, shown on its own line (null when the keychain answered). */
  keychainProblem(): Failure | null {
    return this.keychainFailure;
  }
}

function parsedOverrides(list: readonly string[] | undefined): Record<string, string> {
  return Object.fromEntries((list ?? []).map((o) => parseOverride(o)).flatMap((r) => (r.ok ? [r.value] : [])));
}

/** A Failure thrown out of a service call; transports turn it into their error answer. */
export class ServiceError extends Error {
  readonly failure: Failure;
  constructor(failure: Failure) {
    super(failure.reason);
    this.failure = failure;
  }
}
