// The monitor: one probe per (surface, key) per cycle, all in parallel; lights per route and surface
// with flap control; a schedule with jitter, back-off on failing surfaces, a slower cadence for the
// Droid account; usage readings beside the cycle (never inside it), each landing in a new snapshot;
// pause/resume for sleep and wake; events when a light changes or a usage window crosses its threshold.
import { EventEmitter } from 'node:events';
import type { Dispatcher } from 'undici';
import type { Failure, Result } from '../model/failure.ts';
import type { Finding } from '../model/finding.ts';
import { worst, type Color, type Light } from '../model/light.ts';
import type { DroidStatus, RouteRecord, Snapshot, SurfaceStatus } from '../model/snapshot.ts';
import { DEFAULT_LOW_PERCENT } from '../model/usage.ts';
import type { KeyLookup } from '../secrets/resolve.ts';
import type { RouteMap } from '../settings/route-map.ts';
import type { SurfaceOptions } from '../surfaces/derive.ts';
import type { DroidAccount } from '../surfaces/droid-account.ts';
import { probeSurface } from '../surfaces/probe.ts';
import type { ProbeContext, ProbeResult, ProbeTarget, VibeProxyOptions } from '../surfaces/probe-types.ts';
import { readAccounts, type Account } from '../surfaces/vibeproxy-accounts.ts';
import { planUsage, type UsagePlan } from '../usage/plan-usage.ts';
import { oauthEndpointsFromEnv } from '../usage/oauth-usage.ts';
import { readUsage } from '../usage/read-usage.ts';
import { DEFAULT_USAGE_INTERVAL_MS, UsagePoller, type UsageCrossing } from '../usage/usage-poller.ts';
import type { OAuthUsageEndpoints, UsageContext, UsageOutcome, UsageTarget } from '../usage/usage-types.ts';
import { SENTINEL_FRESHNESS_MS, type RouteLight, type SentinelMark } from './classify.ts';
import { DEFAULT_FLAP, nextFlapState, type FlapOptions, type FlapState } from './flap.ts';
import { planProbes, type ProbePlan } from './plan.ts';
import { mapFindings, rawRouteLights, rawSurfaces, recordsNow, routeRecord, usageRoutes, withUsage, type RoutesNow } from './records.ts';

export interface MonitorDeps {
  settingsPath: string;
  loadRoutes: () => Promise<Result<RouteMap>>;
  probeAccount: () => Promise<DroidAccount>;
  lookupKey: KeyLookup;
  surfaceOptions: SurfaceOptions;
  vibeproxy: VibeProxyOptions;
  machine: string;
  /** The last keychain problem (locked, no Secret Service), carried in the snapshot. */
  keychain?: () => Failure | null;
  dispatcher?: Dispatcher;
  /** Where the OAuth providers' usage is asked. */
  oauthUsage?: OAuthUsageEndpoints;
  /** A surface's usage threshold (percent left); DEFAULT_LOW_PERCENT when not given. */
  lowPercent?: (surfaceId: string) => number;
  /** Replaceable for tests. */
  probe?: (target: ProbeTarget, ctx: ProbeContext) => Promise<ProbeResult>;
  readUsage?: (target: UsageTarget, ctx: UsageContext) => Promise<UsageOutcome>;
  now?: () => Date;
  random?: () => number;
}

export interface MonitorOptions {
  intervalMs: number;
  /** ± this fraction of the interval, so that many machines do not poll in step. */
  jitter: number;
  accountIntervalMs: number;
  probeDeadlineMs: number;
  /** The longest a failing surface waits between probes. */
  maxBackoffMs: number;
  flap: FlapOptions;
  /** How long a passing sentinel keeps a route green. */
  freshnessMs: number;
  /** The cadence of usage readings: at most one request per account in this time, unless forced. */
  usageIntervalMs: number;
}

export const DEFAULT_MONITOR: MonitorOptions = {
  intervalMs: 30_000,
  jitter: 0.1,
  accountIntervalMs: 10 * 60_000,
  probeDeadlineMs: 5_000,
  maxBackoffMs: 5 * 60_000,
  flap: DEFAULT_FLAP,
  freshnessMs: SENTINEL_FRESHNESS_MS,
  usageIntervalMs: DEFAULT_USAGE_INTERVAL_MS,
};

export interface LightChange {
  kind: 'route' | 'surface' | 'droid';
  /** The route's key (file and id), the surface's origin, or 'droid'. */
  key: string;
  id: string;
  from: Color | null;
  to: Color;
  light: Light;
  /** True when a used-up window made the red (or the red it leaves): the usage event says so, once. */
  byQuota?: boolean;
}

/** What one cycle's evidence shows before usage is laid over it; kept so that a reading can land on it. */
interface Assembled {
  map: RouteMap | null;
  failure: Failure | null;
  findings: Finding[];
  surfaces: SurfaceStatus[];
  routes: RouteRecord[];
  checkedAt: Date;
}

interface TargetState {
  result: ProbeResult;
  failures: number;
  nextDueAt: number;
}

const HELD = 'The last check failed';
const HELD_NOTE = (reason: string) => `${HELD} (${reason}); shown as before until the next check confirms it.`;

/** How long a landed reading waits for others before its snapshot goes out. */
const PUBLISH_COALESCE_MS = 50;

const UNCHECKED_DROID: DroidStatus = { light: 'gray', reason: 'Not checked yet.', remedy: 'Wait for the first check.', version: null, path: null, checks: [], computer: { registered: null, detail: 'not checked' }, checkedAt: null };

export class Monitor extends EventEmitter<{ snapshot: [Snapshot]; light: [LightChange]; usage: [UsageCrossing] }> {
  readonly options: MonitorOptions;
  private readonly deps: MonitorDeps;
  private readonly ctx: ProbeContext;
  private readonly targets = new Map<string, TargetState>();
  private readonly routeFlaps = new Map<string, FlapState<RouteLight>>();
  private readonly surfaceFlaps = new Map<string, FlapState<Light & { door: string }>>();
  private readonly sentinels = new Map<string, SentinelMark>();
  private droid: DroidStatus = UNCHECKED_DROID;
  private droidDueAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<Snapshot> | null = null;
  private next: Promise<Snapshot> | null = null;
  private paused = true;
  private last: Snapshot | null = null;
  private readonly poller: UsagePoller;
  private usagePlan: UsagePlan = { targets: [], byRoute: new Map() };
  private oauthAccounts: Account[] = [];
  private forceUsage = false;
  private usageStarting: Promise<void> = Promise.resolve();
  private assembled: Assembled | null = null;
  private readonly shownSurfaces = new Map<string, SurfaceStatus>();
  private publishTimer: NodeJS.Timeout | null = null;
  /** Each route's light as last published (after usage), for light events. */
  private readonly routeShown = new Map<string, { color: Color; layer: RouteRecord['layer'] }>();

  constructor(deps: MonitorDeps, options: Partial<MonitorOptions> = {}) {
    super();
    this.deps = deps;
    this.options = { ...DEFAULT_MONITOR, ...options };
    this.ctx = { deadlineMs: this.options.probeDeadlineMs, vibeproxy: deps.vibeproxy, rejectedManagementKeys: new Set(), wireChecks: new Map(), ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : {}) };
    this.poller = new UsagePoller({
      read: deps.readUsage ?? readUsage,
      context: { deadlineMs: this.options.probeDeadlineMs, vibeproxy: deps.vibeproxy, rejectedManagementKeys: this.ctx.rejectedManagementKeys, oauth: deps.oauthUsage ?? oauthEndpointsFromEnv({}), ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : {}) },
      intervalMs: this.options.usageIntervalMs,
      lowPercent: (surfaceId) => this.lowPercent(surfaceId),
      now: () => this.now(),
    });
    this.poller.on('reading', () => this.publishSoon());
    this.poller.on('crossing', (crossing) => this.emit('usage', crossing));
  }

  private lowPercent(surfaceId: string): number {
    return this.deps.lowPercent?.(surfaceId) ?? DEFAULT_LOW_PERCENT;
  }

  /** Resolves when the usage readings started so far have landed and their snapshot is out (tests, benchmarks, a refresh). */
  async usageSettled(): Promise<void> {
    await this.usageStarting;
    await this.poller.settled();
    if (this.publishTimer) this.publish();
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  snapshot(): Snapshot | null {
    return this.last;
  }

  /** A sentinel verdict feeds the light of the route it proved (by key; a pass keeps it green while fresh). */
  recordSentinel(routeKey: string, mark: SentinelMark): void {
    this.sentinels.set(routeKey, mark);
  }

  /** Starts the schedule (the first cycle at once). */
  start(): void {
    this.paused = false;
    this.schedule(0);
  }

  /** Stops polling, e.g. while the machine sleeps; the last snapshot stays. */
  pause(): void {
    this.paused = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Resumes after sleep or a network change: everything is checked again at once. */
  resume(): void {
    this.paused = false;
    for (const state of this.targets.values()) state.nextDueAt = 0;
    this.schedule(0);
  }

  stop(): void {
    this.pause();
  }

  /** One cycle now, every surface, path and the account included, whatever their schedule. */
  async refreshNow(): Promise<Snapshot> {
    for (const state of this.targets.values()) state.nextDueAt = 0;
    this.ctx.wireChecks?.clear();
    this.droidDueAt = 0;
    this.forceUsage = true;
    await this.cycle();
    // A manual refresh also waits for the usage it forced (a reader asks at most twice in a row): what it answers is as fresh as it can be.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.usageSettled(), new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.probeDeadlineMs * 2 + 1_000)))]);
    clearTimeout(timer);
    return this.publish()!;
  }

  /** Readings that land close together make one snapshot, not one each. */
  private publishSoon(): void {
    this.publishTimer ??= setTimeout(() => this.publish(), PUBLISH_COALESCE_MS);
    this.publishTimer.unref?.();
  }

  private schedule(delayMs: number): void {
    if (this.paused) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.cycle().finally(() => {
        const spread = this.options.intervalMs * this.options.jitter;
        const random = this.deps.random?.() ?? Math.random();
        this.schedule(this.options.intervalMs + (random * 2 - 1) * spread);
      });
    }, delayMs);
    this.timer.unref?.();
  }

  /**
   * Runs one cycle. Asked for while one runs, one more follows it: the running one may have read the
   * files before the change that asks (however many ask meanwhile, they share that one).
   */
  cycle(): Promise<Snapshot> {
    if (this.running) {
      this.next ??= this.running.then(() => {
        this.next = null;
        return this.cycle();
      });
      return this.next;
    }
    this.running = this.runCycle().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** The records for a map as its files are now, with the latest probe results and no new probe. */
  routesNow(map: RouteMap): RoutesNow {
    const results = new Map([...this.targets].map(([id, s]) => [id, s.result]));
    const plan = planProbes(map, this.deps.lookupKey, this.deps.surfaceOptions);
    const now = recordsNow(map, { lookup: this.deps.lookupKey, surfaceOptions: this.deps.surfaceOptions, results, sentinels: this.sentinels, now: this.now(), freshnessMs: this.options.freshnessMs, plan });
    const usage = planUsage(usageRoutes(plan), this.oauthAccounts, !!this.deps.vibeproxy.managementKey);
    const readings = this.poller.readings();
    return { ...now, routes: now.routes.map((r) => withUsage(r, usage.byRoute.get(r.key) ?? null, readings, this.now())) };
  }

  /**
   * Starts the usage readings due. The OAuth accounts behind VibeProxy are read again first (only when a
   * VibeProxy surface is in use); when they change which accounts a route spends from, that is shown at once.
   */
  private async startUsage(plan: ProbePlan): Promise<void> {
    // After whoever awaits the cycle has its snapshot: starting twenty requests is work of its own.
    await new Promise((resolve) => setImmediate(resolve));
    const vibeproxy = plan.surfaces.some((s) => s.kind === 'vibeproxy' && !plan.unusedSurfaces.has(s.id));
    this.oauthAccounts = vibeproxy ? ((await readAccounts(this.deps.vibeproxy.authDir)) ?? []) : [];
    const next = planUsage(usageRoutes(plan), this.oauthAccounts, !!this.deps.vibeproxy.managementKey);
    const changed = JSON.stringify([...next.byRoute]) !== JSON.stringify([...this.usagePlan.byRoute]);
    this.usagePlan = next;
    this.poller.update(next.targets, this.forceUsage);
    this.forceUsage = false;
    if (changed) this.publish();
  }

  private async runCycle(): Promise<Snapshot> {
    const startedAt = this.now();
    const loaded = await this.deps.loadRoutes();
    const map = loaded.ok ? loaded.value : null;
    const plan = planProbes(map, this.deps.lookupKey, this.deps.surfaceOptions);
    this.usagePlan = planUsage(usageRoutes(plan), this.oauthAccounts, !!this.deps.vibeproxy.managementKey);
    const [results] = await Promise.all([this.probeDue(plan, startedAt.getTime()), this.checkAccount(startedAt.getTime())]);
    this.assembled = this.assemble(plan, map, results, loaded.ok ? null : loaded.failure);
    const snapshot = this.publish()!;
    // Beside the cycle, not inside it: the readings due start once its lights are out, and land in a later snapshot.
    this.usageStarting = this.startUsage(plan);
    return snapshot;
  }

  private async probeDue(plan: ProbePlan, now: number): Promise<Map<string, ProbeResult>> {
    for (const id of this.targets.keys()) if (!plan.targets.has(id)) this.targets.delete(id);
    const probe = this.deps.probe ?? probeSurface;
    await Promise.all(
      [...plan.targets].map(async ([id, target]) => {
        const state = this.targets.get(id);
        if (state && state.nextDueAt > now) return;
        const result = await probe(target, this.ctx);
        const failures = result.color === 'red' ? (state?.failures ?? 0) + 1 : 0;
        // Back-off: a failing surface is asked less often (but the first failures are re-checked at the normal pace, for flap control).
        const backoff = failures > this.options.flap.failThreshold ? Math.min(this.options.maxBackoffMs, this.options.intervalMs * 2 ** (failures - this.options.flap.failThreshold)) : 0;
        this.targets.set(id, { result, failures, nextDueAt: now + backoff });
      }),
    );
    return new Map([...this.targets].map(([id, s]) => [id, s.result]));
  }

  private async checkAccount(now: number): Promise<void> {
    if (now < this.droidDueAt) return;
    this.droidDueAt = now + this.options.accountIntervalMs;
    const account = await this.deps.probeAccount();
    if (account.light !== this.droid.light) this.emit('light', { kind: 'droid', key: 'droid', id: 'droid', from: this.droid.light === 'gray' && !this.droid.checkedAt ? null : this.droid.light, to: account.light, light: { color: account.light, reason: account.reason, remedy: account.remedy } });
    this.droid = { light: account.light, reason: account.reason, remedy: account.remedy, version: account.version, path: account.path, checks: account.checks, computer: account.computer, checkedAt: this.now().toISOString() };
  }

  private assemble(plan: ProbePlan, map: RouteMap | null, results: Map<string, ProbeResult>, failure: Failure | null): Assembled {
    const now = this.now();
    const findings = mapFindings(map, this.deps.surfaceOptions);
    const surfaces: SurfaceStatus[] = rawSurfaces(plan, results, (id) => this.lowPercent(id)).map(({ raw, ...surface }) => {
      const shown = this.flap(this.surfaceFlaps, surface.id, surface.id, raw, 'surface');
      const before = this.shownSurfaces.get(surface.id);
      // Held by flap control: one story in one snapshot, the surface's as last shown, with the failed check said beside it.
      const held = raw.color !== shown.color && before ? { latencyMs: before.latencyMs, models: before.models, details: before.details, notes: [...before.notes.filter((n) => !n.message.startsWith(HELD)), { severity: 'warning' as const, message: HELD_NOTE(raw.reason), remedy: 'Refresh to check again now.' }] } : {};
      const status = { ...surface, ...held, light: shown.color, door: shown.door, reason: shown.reason, remedy: shown.remedy };
      this.shownSurfaces.set(surface.id, status);
      return status;
    });
    const routes = rawRouteLights({ plan, results, findings, sentinels: this.sentinels, now, freshnessMs: this.options.freshnessMs }).map(({ plan: rp, light }) => {
      // Only what probes see can flap; a settings problem or a sentinel verdict is shown as it is.
      const shown = this.flap(this.routeFlaps, rp.route.key, rp.route.id, light, 'route', light.layer !== 'surface', false);
      return routeRecord(rp, shown, this.sentinels.get(rp.route.key));
    });
    return { map, failure, findings, surfaces, routes, checkedAt: now };
  }

  /** The snapshot of the last cycle's evidence with the latest usage laid over it; emitted, with the light changes it makes. */
  private publish(): Snapshot | null {
    if (this.publishTimer) clearTimeout(this.publishTimer);
    this.publishTimer = null;
    const a = this.assembled;
    if (!a) return null;
    const now = this.now();
    const usage = this.poller.readings();
    const routes = a.routes.map((r) => withUsage(r, this.usagePlan.byRoute.get(r.key) ?? null, usage, now));
    for (const r of routes) {
      const before = this.routeShown.get(r.key);
      this.routeShown.set(r.key, { color: r.light, layer: r.layer });
      // The usage event tells a quota's red (coming or going) once; any other change is the route's own news.
      const byQuota = (r.layer === 'quota' && r.light === 'red') || (before?.layer === 'quota' && before.color === 'red');
      if (before?.color !== r.light) this.emit('light', { kind: 'route', key: r.key, id: r.id, from: before?.color ?? null, to: r.light, light: { color: r.light, reason: r.reason, remedy: r.remedy }, ...(byQuota ? { byQuota: true } : {}) });
    }
    const droid = this.droid;
    const { map, failure, findings, surfaces } = a;
    const settingsNote = failure ? `${failure.reason} ${failure.remedy}` : map && map.routes.length === 0 ? `No routes yet in ${this.deps.settingsPath}; checking the default VibeProxy and LiteLLM addresses.` : null;
    const overall = worst([droid.light === 'gray' ? 'green' : droid.light, ...surfaces.filter((s) => !s.unused).map((s) => s.light), ...routes.filter((r) => r.used).map((r) => r.light), ...(failure ? (['red'] as Color[]) : [])]);
    const snapshot: Snapshot = { machine: this.deps.machine, checkedAt: a.checkedAt.toISOString(), settingsPath: this.deps.settingsPath, revision: map?.revision ?? null, settingsNote, overall, droid, surfaces, routes, findings, projects: map?.projects ?? [], usage, keychain: this.deps.keychain?.() ?? null };
    this.last = snapshot;
    this.emit('snapshot', snapshot);
    return snapshot;
  }

  private flap<L extends Light>(states: Map<string, FlapState<L>>, key: string, id: string, raw: L, kind: LightChange['kind'], immediate = false, announce = true): L {
    const previous = states.get(key);
    const next = immediate ? { ...nextFlapState(previous, raw, this.options.flap), shown: raw } : nextFlapState(previous, raw, this.options.flap);
    states.set(key, next);
    const before = previous?.shown.color ?? null;
    if (announce && before !== next.shown.color) this.emit('light', { kind, key, id, from: before, to: next.shown.color, light: { color: next.shown.color, reason: next.shown.reason, remedy: next.shown.remedy } });
    return next.shown;
  }
}
