// The RouteLights service: the one implementation of the API contract (app/api/contract.ts) that every
// front end reaches (the tray in-process, the window over IPC or HTTP, the CLI in-process or over the
// app's socket). It owns the monitor and every write to the route files, tracks changes on disk by
// content, runs one sentinel run at a time, and emits events. Heavy parts (the monitor and its probes,
// the keychain, the sentinel runner) are loaded on first use, so a command that lists routes stays quick.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { About, ApiEvent, Call, Client, MethodName, Request, Response, RouteChangeRequest, RouteLightsApi, SubscribeOptions } from './api/contract.ts';
import { dataDir } from './data-dir.ts';
import { SENTINEL_FRESHNESS_MS, type SentinelMark } from './health/classify.ts';
import { machineName } from './health/machine.ts';
import type { Monitor, MonitorOptions } from './health/monitor.ts';
import { recordsNow } from './health/records.ts';
import { ago } from './model/ago.ts';
import { FailureError, orThrow, type Failure } from './model/failure.ts';
import type { Route } from './model/route.ts';
import { markedSecretNames } from './model/secret-fields.ts';
import type { Snapshot } from './model/snapshot.ts';
import { DEFAULT_LOW_PERCENT } from './model/usage.ts';
import type { RuntimeRoutes } from './keys/runtime-settings.ts';
import type { SessionHost as SessionHostClass } from './sentinels/session-host.ts';
import { packageRoot } from './package-root.ts';
import { openDefaultStore, prepareLookup, referencedNames } from './secrets/lookup.ts';
import type { KeyLookup } from './secrets/resolve.ts';
import type { SecretStore } from './secrets/store.ts';
import type { BackupAction } from './settings/backup-actions.ts';
import { lintRoutes } from './settings/lint.ts';
import { projectPaths } from './settings/paths.ts';
import { addProject, readProjects, removeProject } from './settings/projects.ts';
import { fileNamed, filesDroidSkips, loadRouteMap, routesDroidUses, usedRoutes, userRoutes, type RouteMap, type RouteSources } from './settings/route-map.ts';
import { originOf, surfaceOptionsFromEnv, type SurfaceOptions } from './surfaces/derive.ts';
import { droidMissing, findDroid } from './surfaces/find-droid.ts';
import { readSurfacePreferences, surfacePreferencesProblem, writeSurfacePreference, type SurfacePreference } from './usage/surface-preferences.ts';

export interface ServiceOptions {
  settingsPath: string;
  env: NodeJS.ProcessEnv;
  /** The keychain; left out, the default one is opened on first use (none with $ROUTELIGHTS_KEYCHAIN=off). */
  store?: SecretStore | null;
  droidPath?: string;
  daemonPort?: number;
  monitor?: Partial<MonitorOptions>;
  /** Who runs this service: named in `about`, and in a refusal when a second one starts. */
  kind?: About['kind'];
  sentinelTimeoutMs?: number;
}

interface SentinelRun {
  controller: AbortController;
  by: Client;
  startedAt: Date;
  total: number;
  done: number;
}

/** How long the app and serve keep an idle Droid session for the next sentinel run. */
const SESSION_IDLE_MS = 30_000;
/** A window asked for while none listens opens it when one does, if within this time (a window that loads later is not surprised). */
const WINDOW_EVENT_TTL_MS = 60_000;
const WATCHED = new Set(['settings.json', 'settings.local.json', 'config.json', '.factory']);
const BY: Record<Client, string> = { tray: 'from the menu bar', window: 'from the settings window', terminal: 'from the terminal' };

export class RouteLightsService implements RouteLightsApi {
  private readonly options: ServiceOptions;
  private readonly events = new EventEmitter<{ event: [ApiEvent] }>();
  private readonly surfaceOptions: SurfaceOptions;
  private readonly dataDir: string;
  private readonly machine: string;
  private readonly kind: About['kind'];
  private readonly startedAt = new Date();
  private projects: string[] | null = null;
  /** The preferences as last read or written, for the monitor's synchronous threshold lookups. */
  private preferencesNow = new Map<string, SurfacePreference>();
  private preferences: Promise<Map<string, SurfacePreference>> | null = null;
  /** Why surfaces.json could not be read at start, said as a finding until a write replaces the file. */
  private brokenPreferences: { message: string; remedy: string } | null = null;
  private store: Promise<SecretStore | null> | null = null;
  private keys: { lookup: KeyLookup; names: string } | null = null;
  private keychainFailure: Failure | null = null;
  private monitorPromise: Promise<Monitor> | null = null;
  private watchers: FSWatcher[] = [];
  private debounce: NodeJS.Timeout | null = null;
  /** The revision the service last saw on disk (see diskRevision), and the one its own last write left. */
  private seen: string | null = null;
  private written: string | null = null;
  private writing: Promise<unknown> = Promise.resolve();
  private run: SentinelRun | null = null;
  private stopped = false;
  private readonly windows = new Set<(event: ApiEvent) => void>();
  private sessions: SessionHostClass | null = null;
  private heldForWindow: { event: ApiEvent; at: number } | null = null;
  /** Passing draft tests by what they sent (proofSignature), so that saving exactly that keeps the proof. */
  private readonly draftProofs = new Map<string, SentinelMark>();

  constructor(options: ServiceOptions) {
    this.options = options;
    this.surfaceOptions = surfaceOptionsFromEnv(options.env);
    this.dataDir = dataDir(options.env);
    this.machine = machineName(options.env);
    this.kind = options.kind ?? 'process';
    if (options.store !== undefined) this.store = Promise.resolve(options.store);
  }

  /** Watches the route files for outside changes; with `poll`, starts the monitor's schedule. */
  async start(options: { poll?: boolean } = {}): Promise<void> {
    // A RouteLights that crashed or was killed mid-run left its drafts (which hold a key) and Droid's folders: sweep them.
    const sweep = import('./sentinels/scratch.ts').then(({ draftsFolder, sweepScratch, DRAFT_FOLDER_PREFIX, DROID_FOLDER_PREFIX }) =>
      sweepScratch([
        [tmpdir(), DROID_FOLDER_PREFIX],
        [draftsFolder(this.dataDir), DRAFT_FOLDER_PREFIX],
      ]),
    );
    [this.seen] = await Promise.all([this.diskRevision(), sweep]);
    await this.watchFiles();
    if (options.poll) (await this.monitor()).start();
  }

  stop(): void {
    this.stopped = true;
    void this.monitorPromise?.then((m) => m.stop());
    for (const w of this.watchers) w.close();
    this.watchers = [];
    this.run?.controller.abort();
    void this.sessions?.stop();
    if (this.debounce) clearTimeout(this.debounce);
  }

  /** Pause and resume polling (sleep and wake, network changes). */
  async pause(): Promise<void> {
    (await this.monitor()).pause();
  }

  async resume(): Promise<void> {
    (await this.monitor()).resume();
  }

  subscribe(listener: (event: ApiEvent) => void, options: SubscribeOptions = {}): () => void {
    this.events.on('event', listener);
    if (!options.window) return () => this.events.off('event', listener);
    this.windows.add(listener);
    const held = this.heldForWindow;
    this.heldForWindow = null;
    if (held && Date.now() - held.at < WINDOW_EVENT_TTL_MS) queueMicrotask(() => listener(held.event));
    return () => {
      this.events.off('event', listener);
      this.windows.delete(listener);
    };
  }

  /** An event for the window alone: sent to the windows that listen, else held for the next one. */
  private toWindow(event: ApiEvent): void {
    if (this.windows.size === 0) this.heldForWindow = { event, at: Date.now() };
    for (const listener of this.windows) listener(event);
  }

  private emit(event: ApiEvent): void {
    this.events.emit('event', event);
  }

  /** In-process calls are typed; a transport checks a request against the contract before it gets here. */
  call: Call = async <M extends MethodName>(method: M, request: Request<M>): Promise<Response<M>> => {
    if (!Object.hasOwn(this.handlers, method)) throw new FailureError({ layer: 'service', code: 'unknown-method', reason: `The API has no method ${JSON.stringify(String(method))}.`, remedy: 'Update the caller: it speaks another version of the API.' });
    return (this.handlers[method] as (req: Request<M>) => Promise<Response<M>>)(request);
  };

  // ---------------------------------------------------------------- sources, keys, the monitor

  /** The surface preferences, read once; the kinds they declare join the surface options (those of the environment win). */
  private surfacePreferences(): Promise<Map<string, SurfacePreference>> {
    this.preferences ??= (async () => {
      this.brokenPreferences = await surfacePreferencesProblem(this.dataDir);
      if (this.brokenPreferences) this.surfaceOptions.kindProblems.push(this.brokenPreferences);
      return this.applyPreferences(await readSurfacePreferences(this.dataDir));
    })();
    return this.preferences;
  }

  private applyPreferences(prefs: Map<string, SurfacePreference>): Map<string, SurfacePreference> {
    this.preferencesNow = prefs;
    const kinds = this.surfaceOptions.declaredKinds;
    for (const origin of [...kinds.keys()]) if (!this.surfaceOptions.envKinds.has(origin)) kinds.delete(origin);
    for (const [origin, pref] of prefs) if (pref.kind && !this.surfaceOptions.envKinds.has(origin)) kinds.set(origin, pref.kind);
    return prefs;
  }

  private lowPercent(surfaceId: string): number {
    return this.preferencesNow.get(surfaceId)?.lowPercent ?? DEFAULT_LOW_PERCENT;
  }

  private async surfaceList(): Promise<Response<'surfaces.list'>['surfaces']> {
    const prefs = await this.surfacePreferences();
    const origins = [...new Set([...prefs.keys(), ...this.surfaceOptions.envKinds])].sort();
    return origins.map((origin) => ({ origin, kind: this.surfaceOptions.declaredKinds.get(origin) ?? null, kindFromEnv: this.surfaceOptions.envKinds.has(origin), lowPercent: prefs.get(origin)?.lowPercent ?? null }));
  }

  private async sources(): Promise<RouteSources> {
    await this.surfacePreferences();
    this.projects ??= await readProjects(this.dataDir);
    return { settingsPath: this.options.settingsPath, projects: this.projects, backupRoot: join(this.dataDir, 'backups'), markedSecrets: markedSecretNames(this.options.env) };
  }

  private async load() {
    return loadRouteMap(await this.sources());
  }

  /** What is on disk now, as a revision ('unreadable' when the files cannot be read). */
  private async diskRevision(): Promise<string> {
    const map = await this.load();
    return map.ok ? map.value.revision : 'unreadable';
  }

  private async map(): Promise<RouteMap> {
    return orThrow(await this.load());
  }

  private secretStore(): Promise<SecretStore | null> {
    this.store ??= openDefaultStore(this.options.env);
    return this.store;
  }

  /** Keys are read once for the names the routes reference, and again only when those names change (never from a polling loop). */
  private async lookup(map: RouteMap | null, again = false): Promise<KeyLookup> {
    const names = map ? referencedNames(usedRoutes(map)) : [];
    const signature = names.join('\n');
    if (!again && this.keys?.names === signature) return this.keys.lookup;
    // Only the menu bar app misses what the user's shell exports: a terminal's command or serve has it.
    const loginShell = this.kind === 'app' ? async () => (await import('./secrets/login-shell.ts')).loginShellNames(this.options.env) : undefined;
    const prepared = await prepareLookup(this.options.env, await this.secretStore(), names, loginShell);
    this.keychainFailure = prepared.storeFailure;
    this.keys = { lookup: prepared.lookup, names: signature };
    return prepared.lookup;
  }

  private monitor(): Promise<Monitor> {
    this.monitorPromise ??= (async () => {
      const [{ createMonitor }, map] = await Promise.all([import('./health/create-monitor.ts'), this.load()]);
      await this.lookup(map.ok ? map.value : null);
      const monitor = createMonitor({
        settingsPath: this.options.settingsPath,
        loadRoutes: () => this.load(),
        lookupKey: Object.assign((name: string) => this.keys?.lookup(name), { loginShellOnly: (name: string) => !!this.keys?.lookup.loginShellOnly?.(name), keychainDown: () => this.keys?.lookup.keychainDown?.() ?? null }),
        keychain: () => this.keychainFailure,
        env: this.options.env,
        surfaceOptions: this.surfaceOptions,
        lowPercent: (id) => this.lowPercent(id),
        ...(this.options.droidPath ? { droidPath: this.options.droidPath } : {}),
        seeker: this.kind,
        ...(this.options.daemonPort ? { daemonPort: this.options.daemonPort } : {}),
        ...(this.options.monitor ? { options: this.options.monitor } : {}),
      });
      for (const [key, mark] of await this.historyMarks(map.ok ? map.value : null)) monitor.recordSentinel(key, mark);
      monitor.on('snapshot', (snapshot) => this.emit({ type: 'snapshot', snapshot }));
      monitor.on('light', (c) => this.emit({ type: 'light', kind: c.kind, key: c.key, id: c.id, from: c.from, to: c.to, reason: c.light.reason, remedy: c.light.remedy, ...(c.byQuota ? { byQuota: true } : {}) }));
      monitor.on('usage', (u) => this.emit({ type: 'usage', account: u.account, label: u.label, window: u.window, from: u.from, to: u.to }));
      return monitor;
    })();
    return this.monitorPromise;
  }

  /** The last verdict per route from the history, so that lights survive restarts (an old line without a key names a user route by id). */
  private async historyMarks(map: RouteMap | null): Promise<Map<string, SentinelMark>> {
    const { historyPath, lastVerdicts, readHistory } = await import('./sentinels/history.ts');
    const byId = new Map(map ? userRoutes(map).map((r) => [r.id, r.key]) : []);
    const marks = new Map<string, SentinelMark>();
    for (const [key, e] of lastVerdicts(await readHistory(historyPath(this.dataDir)))) {
      if (e.verdict === 'skipped') continue;
      const routeKey = e.routeKey ?? byId.get(key);
      if (routeKey) marks.set(routeKey, { verdict: e.verdict, at: e.finishedAt, reason: e.reason, remedy: e.remedy });
    }
    return marks;
  }

  /** The routes a passing draft proved (the same entry, as Droid would send it) get its verdict; true when any did. */
  private async applyDraftProofs(map: RouteMap): Promise<boolean> {
    if (!this.monitorPromise || this.draftProofs.size === 0) return false;
    const monitor = await this.monitorPromise;
    let any = false;
    for (const route of usedRoutes(map)) {
      const mark = this.draftProofs.get(proofSignature(route));
      if (mark) monitor.recordSentinel(route.key, mark);
      any ||= !!mark;
    }
    return any;
  }

  /** After anything that may change lights (a write, a key, a project): a cycle with the keys read again. */
  private async changed(): Promise<void> {
    if (!this.monitorPromise) return;
    const monitor = await this.monitorPromise;
    const map = await this.load();
    if (map.ok) await this.applyDraftProofs(map.value);
    // Read again before the swap: a cycle meanwhile still sees the keys it had, never none.
    await this.lookup(map.ok ? map.value : null, true);
    void monitor.cycle();
  }

  // ---------------------------------------------------------------- watching and writing

  private async watchFiles(): Promise<void> {
    for (const w of this.watchers) w.close();
    this.watchers = [];
    const { projects } = await this.sources();
    // Folders, not files: Droid and the safe write replace a file by renaming over it.
    for (const dir of [dirname(this.options.settingsPath), ...projects.flatMap((p) => [p, dirname(projectPaths(p).settings)])]) {
      try {
        const watcher = watch(dir, (_event, name) => {
          if (!name || !WATCHED.has(basename(String(name)))) return;
          if (this.debounce) clearTimeout(this.debounce);
          this.debounce = setTimeout(() => void this.checkFiles(), 150);
        });
        watcher.on('error', () => undefined);
        watcher.unref();
        this.watchers.push(watcher);
      } catch {
        // A folder that does not exist yet has nothing to watch.
      }
    }
  }

  /** A change on disk is an outside change when its content differs from what the service last saw, whoever wrote it. */
  private async checkFiles(): Promise<void> {
    await this.writing;
    if (this.stopped) return;
    const revision = await this.diskRevision();
    if (revision === this.seen) return;
    this.seen = revision;
    this.emit({ type: 'settings-changed', revision, byRouteLights: revision === this.written });
    await this.changed();
  }

  /** Every write goes through here, one at a time; what it leaves on disk is what the service last wrote and saw. */
  private async write<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.writing.then(async () => {
      try {
        return await work();
      } finally {
        const revision = await this.diskRevision();
        if (revision !== this.seen) {
          this.seen = this.written = revision;
          this.emit({ type: 'settings-changed', revision, byRouteLights: true });
          await this.changed();
        }
      }
    });
    this.writing = turn.catch(() => undefined);
    return turn;
  }

  private async requireStore(): Promise<SecretStore> {
    const store = await this.secretStore();
    if (!store) throw new FailureError({ layer: 'keychain', code: 'off', reason: 'The Keychain is switched off for this RouteLights ($ROUTELIGHTS_KEYCHAIN=off).', remedy: 'Unset ROUTELIGHTS_KEYCHAIN and start RouteLights again; keys in the environment work meanwhile.' });
    return store;
  }

  // ---------------------------------------------------------------- the contract's methods

  private readonly handlers: { [M in MethodName]: (request: Request<M>) => Promise<Response<M>> } = {
    openRoute: async (request) => {
      this.toWindow({ type: 'open-route', source: 'source' in request ? request.source : null, id: 'id' in request ? request.id : null });
      return { ok: true as const };
    },
    about: async () => ({ kind: this.kind, pid: process.pid, startedAt: this.startedAt.toISOString(), settingsPath: this.options.settingsPath, machine: this.machine, version: version() }),
    snapshot: async () => (await this.monitor()).snapshot(),
    refresh: async () => (await this.monitor()).refreshNow(),
    routes: async () => {
      const map = await this.map();
      const now = this.monitorPromise ? (await this.monitorPromise).routesNow(map) : recordsNow(map, { lookup: null, surfaceOptions: this.surfaceOptions, results: new Map(), sentinels: await this.historyMarks(map), now: new Date(), freshnessMs: this.options.monitor?.freshnessMs ?? SENTINEL_FRESHNESS_MS });
      return { settingsPath: map.paths.settings, revision: map.revision, routes: now.routes, findings: now.findings, projects: map.projects };
    },
    saveRoutes: (request) =>
      this.write(async () => {
        const { applyRouteChange, findRoute, routeAfterChange } = await import('./settings/route-edits.ts');
        let map = await this.map();
        if (map.revision !== request.revision) return { status: 'conflict' as const, revision: map.revision, reason: 'The settings changed on disk since they were loaded (Droid or another editor wrote them).', remedy: 'Reload the routes, or review the difference, then save again.' };
        const backups: string[] = [];
        const files: string[] = [];
        const pinned: string[] = [];
        const references: Array<{ oldId: string; file: string; paths: string[]; updated: boolean }> = [];
        // One backup per file for the whole request: what a user action changed goes back in one step.
        const backedUp = new Set<string>();
        const action = userAction(saveLabel(request.changes), request.changes.flatMap((c) => (c.kind === 'add' ? (typeof c.entry.id === 'string' ? [c.entry.id] : []) : [c.id])));
        for (const [i, change] of request.changes.entries()) {
          const saved = i === 0 ? 'Nothing was saved.' : `${i} of ${request.changes.length} changes were saved before this one.`;
          const after = request.force ? null : routeAfterChange(map, change);
          if (after) {
            const before = change.kind === 'update' ? findRoute(map, change.id, change.file) : undefined;
            const had = new Set(before ? lintRoutes([before], this.surfaceOptions).map((f) => f.rule) : []);
            const added = lintRoutes([after], this.surfaceOptions).filter((f) => f.severity === 'error' && !had.has(f.rule));
            if (added.length) throw new FailureError({ layer: 'route', code: 'lint-errors', reason: `The change would leave ${after.id} with ${added.length === 1 ? 'an error' : `${added.length} errors`}: ${added.map((f) => f.message).join(' ')} ${saved}`, remedy: `${added.map((f) => f.remedy).join(' ')} To write it as it is anyway, repeat with force (--force on the command line).` });
          }
          const written = await applyRouteChange(map, change, { backedUp, action });
          if (!written.ok) {
            if (written.failure.code === 'conflict') return { status: 'conflict' as const, revision: (await this.map()).revision, reason: `${written.failure.reason} ${saved}`, remedy: written.failure.remedy };
            throw new FailureError({ ...written.failure, reason: `${written.failure.reason} ${saved}` });
          }
          if (written.value.backupPath) backups.push(written.value.backupPath);
          if (!files.includes(written.value.path)) files.push(written.value.path);
          pinned.push(...written.value.pinned);
          references.push(...written.value.references);
          map = await this.map();
        }
        return { status: 'saved' as const, revision: map.revision, files, backups, pinned, references, actionId: backups.length ? action.id : null };
      }),
    lint: async (request) => {
      const { draftRoute } = await import('./sentinels/draft.ts');
      return { findings: lintRoutes(request.entries.map((e, i) => draftRoute(e, 'draft', i)), this.surfaceOptions) };
    },
    fixTrailingCommas: () =>
      this.write(async () => {
        const { fixTrailingCommas } = await import('./settings/fix-trailing-commas.ts');
        const map = await this.map();
        return { fixes: orThrow(await fixTrailingCommas(map, { action: userAction('Fix trailing commas', []) })) };
      }),
    migrateLegacy: () =>
      this.write(async () => {
        const { migrateLegacyRoutes } = await import('./settings/migrate.ts');
        const map = await this.map();
        return { steps: orThrow(await migrateLegacyRoutes(await this.sources(), { action: userAction('Move config.json routes into settings.json', map.routes.filter((r) => r.source.kind === 'legacy-config').map((r) => r.id)) })) };
      }),
    runSentinels: (request) => this.runSentinels(request),
    cancelSentinels: async () => {
      this.run?.controller.abort();
      return { ok: true as const };
    },
    'keys.list': async () => {
      const { listKeys } = await import('./keys/key-list.ts');
      const map = await this.load();
      const { keys, failure } = await listKeys(await this.secretStore(), map.ok ? usedRoutes(map.value) : [], this.options.env);
      return { keys, keychain: failure };
    },
    'keys.set': async (request) => {
      orThrow(await (await this.requireStore()).set(request.name, request.value));
      await this.changed();
      return { ok: true as const };
    },
    'keys.delete': async (request) => {
      const existed = orThrow(await (await this.requireStore()).delete(request.name));
      await this.changed();
      return { existed };
    },
    'keys.move': async (request) => {
      const store = await this.requireStore();
      const { moveKeysToStore } = await import('./keys/move-keys.ts');
      const options = { ...(request.routeIds ? { routeIds: request.routeIds } : {}), scrubBackups: !!request.scrubBackups, dryRun: !!request.dryRun, action: userAction('Move plain-text keys to the Keychain', request.routeIds ?? []) };
      return request.dryRun ? orThrow(await moveKeysToStore(await this.sources(), store, this.surfaceOptions, options)) : this.write(async () => orThrow(await moveKeysToStore(await this.sources(), store, this.surfaceOptions, options)));
    },
    'backups.list': async (request) => {
      const { backupHistory } = await import('./settings/backup-history.ts');
      const file = orThrow(fileNamed(await this.map(), request.file));
      return { file: file.path, backups: await backupHistory(file) };
    },
    'backups.restore': (request) =>
      this.write(async () => {
        const { restoreBackup } = await import('./settings/restore.ts');
        const file = orThrow(fileNamed(await this.map(), request.file));
        orThrow(await restoreBackup(file.path, request.name, file.backupDir, { action: userAction(`Restore the backup of ${request.name.replace(/^.*\.backup-/, '')}`, []) }));
        return { revision: (await this.map()).revision };
      }),
    'backups.diff': async (request) => {
      const { compareBackup } = await import('./settings/backup-history.ts');
      return orThrow(await compareBackup(orThrow(fileNamed(await this.map(), request.file)), request.name));
    },
    'backups.undo': (request) =>
      this.write(async () => {
        const [{ backupsOfAction }, { restoreBackup }] = await Promise.all([import('./settings/backup-history.ts'), import('./settings/restore.ts')]);
        const map = await this.map();
        const taken = await backupsOfAction(map.files, request.actionId);
        if (taken.length === 0) throw new FailureError({ layer: 'usage', code: 'unknown-action', reason: 'No backup was taken before that action (or it has been pruned or scrubbed).', remedy: 'Pick an action from the backups history.' });
        const undo = userAction(`Undo: ${taken[0]!.backup.action}`, taken[0]!.backup.routes);
        for (const { file, backup } of taken) orThrow(await restoreBackup(file.path, backup.name, file.backupDir, { action: undo }));
        return { files: taken.map((t) => t.file.path), revision: (await this.map()).revision };
      }),
    'backups.scrub': async (request) => {
      const { scrubBackups } = await import('./settings/backup-history.ts');
      const map = await this.map();
      return { removed: await scrubBackups(request.file ? [orThrow(fileNamed(map, request.file))] : map.files) };
    },
    'surfaces.list': async () => ({ surfaces: await this.surfaceList() }),
    'surfaces.set': async (request) => {
      const origin = originOf(request.origin);
      if (origin && request.kind !== undefined && this.surfaceOptions.envKinds.has(origin)) {
        throw new FailureError({ layer: 'usage', code: 'kind-from-env', reason: `ROUTELIGHTS_SURFACE_KINDS in the environment of ${this.kind === 'process' ? 'this command' : `the running ${this.kind === 'app' ? 'menu bar app' : 'routelights serve'} (pid ${process.pid})`} sets the kind of ${origin}, and the environment wins.`, remedy: `Change or remove that entry of ROUTELIGHTS_SURFACE_KINDS where ${this.kind === 'process' ? 'you run the command' : 'that RouteLights starts'}, then start it again.` });
      }
      const prefs = orThrow(await writeSurfacePreference(this.dataDir, request.origin, { ...(request.kind !== undefined ? { kind: request.kind } : {}), ...(request.lowPercent !== undefined ? { lowPercent: request.lowPercent } : {}) }));
      this.preferences = Promise.resolve(this.applyPreferences(prefs));
      this.surfaceOptions.kindProblems = this.surfaceOptions.kindProblems.filter((p) => p !== this.brokenPreferences);
      await this.changed();
      return { surfaces: await this.surfaceList() };
    },
    'projects.list': async () => ({ projects: await this.projectList() }),
    'projects.add': async (request) => this.setProjects(await addProject(this.dataDir, request.path)),
    'projects.remove': async (request) => this.setProjects(await removeProject(this.dataDir, request.path)),
    report: async () => {
      const [{ readinessReport, reportMarkdown }, { historyPath }] = await Promise.all([import('./sentinels/report.ts'), import('./sentinels/history.ts')]);
      const monitor = await this.monitor();
      const map = await this.map();
      const snapshot = monitor.snapshot() ?? (await monitor.refreshNow());
      const report = await readinessReport(snapshot, userRoutes(map), historyPath(this.dataDir), await this.lookup(map), monitor.options.freshnessMs);
      return { report, markdown: reportMarkdown(report) };
    },
    'profile.export': async () => {
      const { exportProfile } = await import('./profiles/profile.ts');
      return { profile: exportProfile(userRoutes(await this.map()), this.machine) };
    },
    'profile.preview': async (request) => {
      const { planView } = await import('./profiles/import.ts');
      return { plan: planView(await this.planProfile(request)) };
    },
    'profile.import': async (request) => {
      const [{ applyImport, planView }, { overridesPath, readOverrides, saveOverrides }] = await Promise.all([import('./profiles/import.ts'), import('./profiles/overrides.ts')]);
      const planned = await this.planProfile(request);
      const applied = await this.write(async () => orThrow(await applyImport(await this.sources(), planned, { action: userAction(`Import the profile of ${request.profile.machine}`, planned.changes.flatMap((c) => (c.change ? [c.routeId] : []))) })));
      const path = overridesPath(this.dataDir);
      await saveOverrides(path, { ...(await readOverrides(path)), ...(await this.overrides(request.overrides)) });
      return { plan: planView(planned), applied };
    },
  };

  private async overrides(list: readonly string[] | undefined): Promise<Record<string, string>> {
    const { parseOverride } = await import('./profiles/overrides.ts');
    return Object.fromEntries((list ?? []).map((o) => orThrow(parseOverride(o))));
  }

  private async planProfile(request: Request<'profile.preview'>) {
    const [{ planImport }, { overridesPath, readOverrides }] = await Promise.all([import('./profiles/import.ts'), import('./profiles/overrides.ts')]);
    const origins = { ...(await readOverrides(overridesPath(this.dataDir))), ...(await this.overrides(request.overrides)) };
    const map = await this.map();
    return planImport(request.profile, map, origins, await this.lookup(map));
  }

  private async projectList(): Promise<Response<'projects.list'>['projects']> {
    const map = await this.map();
    return map.projects.map((path) => ({
      path,
      files: map.files.filter((f) => f.project === path).map((f) => ({ path: f.path, exists: f.doc !== null })),
      routes: map.routes.filter((r) => r.source.project === path).length,
    }));
  }

  private async setProjects(result: Awaited<ReturnType<typeof addProject>>): Promise<Response<'projects.list'>> {
    this.projects = orThrow(result);
    await this.watchFiles();
    this.seen = await this.diskRevision();
    await this.changed();
    return { projects: await this.projectList() };
  }

  // ---------------------------------------------------------------- sentinels

  private busy(run: SentinelRun): FailureError {
    return new FailureError({ layer: 'usage', code: 'busy', reason: `Sentinels are already running: started ${BY[run.by]} ${ago(run.startedAt.toISOString(), new Date())}, ${run.done} of ${run.total} verdicts in.`, remedy: 'Wait for that run to finish (its verdicts reach every window and the menu bar), or cancel it.' });
  }

  private targetsFor(map: RouteMap, request: Request<'runSentinels'>): Route[] {
    const used = usedRoutes(map);
    const unknownIds = (request.routeIds ?? []).filter((id) => !used.some((r) => r.id === id));
    const unknownKeys = (request.routeKeys ?? []).filter((key) => !used.some((r) => r.key === key));
    if (unknownIds.length || unknownKeys.length) {
      throw new FailureError({ layer: 'usage', code: 'unknown-route', reason: `No route Droid uses has the ${unknownIds.length ? `id ${unknownIds.join(', ')}` : `key ${unknownKeys.join(', ')}`}.`, remedy: `Use one of: ${[...new Set(used.map((r) => r.id))].join(', ') || '(none yet)'}.` });
    }
    if (!request.routeIds && !request.routeKeys) return used;
    // An id names the entry Droid uses for it outside any project (a project's own needs its key).
    const outside = routesDroidUses(map, null);
    const byId = (request.routeIds ?? []).map((id) => outside.find((r) => r.id === id) ?? used.find((r) => r.id === id)!);
    const byKey = used.filter((r) => request.routeKeys?.includes(r.key));
    return [...new Set([...byId, ...byKey])];
  }

  private async runSentinels(request: Request<'runSentinels'>): Promise<Response<'runSentinels'>> {
    if (this.run) throw this.busy(this.run);
    const run: SentinelRun = { controller: new AbortController(), by: request.requestedBy ?? 'terminal', startedAt: new Date(), total: 0, done: 0 };
    this.run = run;
    let cleanup = async (): Promise<void> => undefined;
    try {
      const droidPath = await findDroid(this.options.droidPath, this.options.env);
      if (!droidPath) throw new FailureError({ layer: 'droid-account', code: 'no-droid', ...droidMissing(this.options.droidPath, this.kind) });
      const [{ runSentinels, defaultConcurrency }, { runnerOptionsFor }, { prepareDraft }, { appendHistory, historyPath }, { SessionHost }, { draftsFolder }] = await Promise.all([import('./sentinels/runner.ts'), import('./sentinels/options.ts'), import('./sentinels/draft.ts'), import('./sentinels/history.ts'), import('./sentinels/session-host.ts'), import('./sentinels/scratch.ts')]);
      let note: string | null = null;
      const map = await this.map();
      let targets;
      if (request.drafts) {
        const draft = orThrow(await prepareDraft(request.drafts, 'the draft', this.surfaceOptions, draftsFolder(this.dataDir)));
        targets = draft.routes.map((route) => ({ route, draftSettingsFile: draft.settingsFile }));
        cleanup = draft.remove;
      } else {
        targets = this.targetsFor(map, request).map((route) => ({ route }));
      }
      run.total = targets.length;
      const monitor = await this.monitor();
      const snapshot: Snapshot = monitor.snapshot() ?? (await monitor.refreshNow());
      const results = await runSentinels(
        targets,
        runnerOptionsFor({
          droidPath,
          env: this.options.env,
          settingsPath: this.options.settingsPath,
          map,
          lookupKey: await this.lookup(map),
          surfaceOptions: this.surfaceOptions,
          snapshot,
          concurrency: request.concurrency ?? defaultConcurrency(cpus().length),
          timeoutMs: request.timeoutMs ?? this.options.sentinelTimeoutMs,
          force: !!request.force,
          signal: run.controller.signal,
          onProgress: (e) => {
            if (e.kind === 'note') return void (note = e.text);
            if (e.kind === 'verdict') run.done++;
            const progress = { done: run.done, total: run.total };
            if (e.kind === 'started') this.emit({ type: 'sentinel', phase: 'started', routeId: e.routeId, routeKey: e.routeKey, result: null, progress });
            else if (e.kind === 'waiting') this.emit({ type: 'sentinel', phase: 'waiting', routeId: e.routeId, routeKey: e.routeKey, result: null, progress, waiting: { attempt: e.attempt, why: e.why } });
            else this.emit({ type: 'sentinel', phase: e.kind, routeId: e.result.routeId, routeKey: e.result.routeKey, result: { ...e.result }, progress });
          },
          sessions: this.sessionHost(SessionHost),
        }),
      );
      if (!request.drafts) {
        for (const r of results) if (r.verdict !== 'skipped') monitor.recordSentinel(r.routeKey, { verdict: r.verdict, at: r.finishedAt, reason: r.reason, remedy: r.remedy });
        await appendHistory(historyPath(this.dataDir), this.machine, results);
        void monitor.cycle();
      } else {
        // A draft that passed proves any route that is (or, once saved, becomes) exactly what was tested.
        for (const [i, r] of results.entries()) if (r.verdict === 'pass' && targets[i]) this.draftProofs.set(proofSignature(targets[i].route), { verdict: 'pass', at: r.finishedAt, reason: r.reason, remedy: r.remedy });
        if (await this.applyDraftProofs(map)) void monitor.cycle();
      }
      return { results, note };
    } finally {
      this.run = null;
      await cleanup();
    }
  }

  /**
   * The Droid session processes sentinels run on: kept for a while between runs by the app and serve,
   * ended with each run by a one-shot command; none with ROUTELIGHTS_SENTINELS=exec (one droid exec per route).
   */
  private sessionHost(Host: typeof SessionHostClass): SessionHostClass | null {
    if (this.options.env.ROUTELIGHTS_SENTINELS === 'exec') return null;
    this.sessions ??= new Host(this.kind === 'process' ? 0 : SESSION_IDLE_MS);
    return this.sessions;
  }

  /**
   * For `routelights exec` (in-process only: key values never cross the contract): the referenced keys as an
   * environment, and the routes whose headers Droid would not expand, expanded (runtime-settings.ts).
   */
  async keyEnvironment(): Promise<{ env: Record<string, string>; missing: string[]; keychain: Failure | null; runtime: RuntimeRoutes }> {
    const map = await this.map();
    const lookup = await this.lookup(map);
    const env: Record<string, string> = {};
    const missing: string[] = [];
    for (const name of referencedNames(usedRoutes(map))) {
      const value = lookup(name);
      if (value === undefined) missing.push(name);
      else env[name] = value;
    }
    const { routesWithHeadersExpanded } = await import('./keys/runtime-settings.ts');
    const skipped = filesDroidSkips(map);
    return { env, missing, keychain: this.keychainFailure, runtime: routesWithHeadersExpanded(usedRoutes(map).filter((r) => !skipped.has(r.source.path)), lookup) };
  }
}

let cachedVersion: string | null = null;
/** What a route sends, as Droid would send it: a draft that passed with the same proves the saved route. */
function proofSignature(route: Route): string {
  return JSON.stringify([route.id, route.model, route.baseUrl?.trim(), route.provider, route.apiKey, route.extra.extraHeaders ?? null]);
}

/** One user action, as its backups note it: an id shared by every file it writes, a label, its routes. */
function userAction(label: string, routes: readonly string[]): BackupAction {
  return { id: randomBytes(8).toString('hex'), label, routes: [...new Set(routes)] };
}

/** A save in words: "Edit custom:X", "Add custom:Y", or "3 changes" with what each was. */
function saveLabel(changes: readonly RouteChangeRequest[]): string {
  const one = (c: RouteChangeRequest) => (c.kind === 'add' ? `Add ${String(c.entry.id ?? 'a route')}` : c.kind === 'update' ? (typeof c.set.id === 'string' && c.set.id !== c.id ? `Rename ${c.id} to ${c.set.id}` : `Edit ${c.id}`) : c.kind === 'remove' ? `Delete ${c.id}` : `Move ${c.id}`);
  return changes.length === 1 ? one(changes[0]!) : `${changes.length} changes: ${changes.map(one).join(', ')}`;
}

function version(): string {
  cachedVersion ??= (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return cachedVersion;
}
