// The monitor: one probe per (surface, key) per cycle, all in parallel; lights per route and surface
// with flap control; a schedule with jitter, back-off on failing surfaces, a slower cadence for the
// Droid account; pause/resume for sleep and wake; events when a light changes; a short history.
import { EventEmitter } from 'node:events';
import type { Dispatcher } from 'undici';
import type { Finding } from '../model/finding.ts';
import { worst, type Color, type Light } from '../model/light.ts';
import type { DroidStatus, RouteStatus, Snapshot, SurfaceStatus } from '../model/snapshot.ts';
import type { Failure, Result } from '../model/failure.ts';
import type { KeyLookup } from '../secrets/resolve.ts';
import { lintRoutes } from '../settings/lint.ts';
import type { RouteMap } from '../settings/route-map.ts';
import type { SurfaceOptions } from '../surfaces/derive.ts';
import type { DroidAccount } from '../surfaces/droid-account.ts';
import { probeSurface } from '../surfaces/probe.ts';
import type { ProbeContext, ProbeResult, ProbeTarget, VibeProxyOptions } from '../surfaces/probe-types.ts';
import { routeLight, surfaceLight, type SentinelMark } from './classify.ts';
import { DEFAULT_FLAP, nextFlapState, type FlapOptions, type FlapState } from './flap.ts';
import { planProbes, type ProbePlan } from './plan.ts';

export interface MonitorDeps {
  settingsPath: string;
  loadRoutes: () => Promise<Result<RouteMap>>;
  probeAccount: () => Promise<DroidAccount>;
  lookupKey: KeyLookup;
  surfaceOptions: SurfaceOptions;
  vibeproxy: VibeProxyOptions;
  machine: string;
  dispatcher?: Dispatcher;
  /** Replaceable for tests. */
  probe?: (target: ProbeTarget, ctx: ProbeContext) => Promise<ProbeResult>;
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
  historySize: number;
}

export const DEFAULT_MONITOR: MonitorOptions = {
  intervalMs: 30_000,
  jitter: 0.1,
  accountIntervalMs: 10 * 60_000,
  probeDeadlineMs: 5_000,
  maxBackoffMs: 5 * 60_000,
  flap: DEFAULT_FLAP,
  freshnessMs: 24 * 3_600_000,
  historySize: 120,
};

export interface LightChange {
  kind: 'route' | 'surface' | 'droid';
  id: string;
  from: Color | null;
  to: Color;
  light: Light;
}

export interface HistoryPoint {
  at: string;
  color: Color;
  latencyMs: number | null;
}

interface TargetState {
  result: ProbeResult;
  failures: number;
  nextDueAt: number;
}

const UNCHECKED_DROID: DroidStatus = { light: 'gray', reason: 'Not checked yet.', remedy: 'Wait for the first check.', version: null, path: null, checks: [], computer: { registered: null, detail: 'not checked' }, checkedAt: null };

export class Monitor extends EventEmitter<{ snapshot: [Snapshot]; light: [LightChange]; failure: [Failure] }> {
  readonly options: MonitorOptions;
  private readonly deps: MonitorDeps;
  private readonly ctx: ProbeContext;
  private readonly targets = new Map<string, TargetState>();
  private readonly routeFlaps = new Map<string, FlapState<Light & { layer: RouteStatus['layer'] }>>();
  private readonly surfaceFlaps = new Map<string, FlapState<Light & { door: string }>>();
  private readonly history = new Map<string, HistoryPoint[]>();
  private readonly sentinels = new Map<string, SentinelMark>();
  private droid: DroidStatus = UNCHECKED_DROID;
  private droidDueAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<Snapshot> | null = null;
  private paused = true;
  private last: Snapshot | null = null;

  constructor(deps: MonitorDeps, options: Partial<MonitorOptions> = {}) {
    super();
    this.deps = deps;
    this.options = { ...DEFAULT_MONITOR, ...options };
    this.ctx = { deadlineMs: this.options.probeDeadlineMs, vibeproxy: deps.vibeproxy, rejectedManagementKeys: new Set(), ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : {}) };
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  snapshot(): Snapshot | null {
    return this.last;
  }

  surfaceHistory(surfaceId: string): HistoryPoint[] {
    return [...(this.history.get(surfaceId) ?? [])];
  }

  /** A sentinel verdict feeds the route's light (a pass keeps it green while fresh). */
  recordSentinel(routeId: string, mark: SentinelMark): void {
    this.sentinels.set(routeId, mark);
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

  /** One cycle now, every surface and the account included, whatever their schedule. */
  async refreshNow(): Promise<Snapshot> {
    for (const state of this.targets.values()) state.nextDueAt = 0;
    this.droidDueAt = 0;
    return this.cycle();
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

  /** Runs one cycle; a cycle asked for while one runs shares it. */
  cycle(): Promise<Snapshot> {
    this.running ??= this.runCycle().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runCycle(): Promise<Snapshot> {
    const startedAt = this.now();
    const loaded = await this.deps.loadRoutes();
    const map = loaded.ok ? loaded.value : null;
    if (!loaded.ok) this.emit('failure', loaded.failure);
    const plan = planProbes(map, this.deps.lookupKey, this.deps.surfaceOptions);
    const [results] = await Promise.all([this.probeDue(plan, startedAt.getTime()), this.checkAccount(startedAt.getTime())]);
    const snapshot = this.assemble(plan, map, results, loaded.ok ? null : loaded.failure);
    this.last = snapshot;
    this.emit('snapshot', snapshot);
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
    if (account.light !== this.droid.light) this.emit('light', { kind: 'droid', id: 'droid', from: this.droid.light === 'gray' && !this.droid.checkedAt ? null : this.droid.light, to: account.light, light: { color: account.light, reason: account.reason, remedy: account.remedy } });
    this.droid = { light: account.light, reason: account.reason, remedy: account.remedy, version: account.version, path: account.path, checks: account.checks, computer: account.computer, checkedAt: this.now().toISOString() };
  }

  private assemble(plan: ProbePlan, map: RouteMap | null, results: Map<string, ProbeResult>, failure: Failure | null): Snapshot {
    const now = this.now();
    const findings = map ? lintRoutes(map.routes, this.deps.surfaceOptions) : [];
    const problemsByFile = new Map<string, Finding[]>();
    for (const p of map?.problems ?? []) {
      const file = map!.files.find((f) => f.path === p.file);
      if (file) problemsByFile.set(file.kind, [...(problemsByFile.get(file.kind) ?? []), p]);
    }
    const surfaces: SurfaceStatus[] = plan.surfaces.map((surface) => {
      const probes = [...results].filter(([id]) => id.startsWith(`${surface.id}|`)).map(([, r]) => r);
      const raw = surfaceLight(probes, plan.unusedSurfaces.has(surface.id));
      const shown = this.flap(this.surfaceFlaps, surface.id, raw, 'surface');
      const first = probes[0];
      const latency = probes.map((p) => p.latencyMs).find((l) => l !== null) ?? null;
      this.remember(surface.id, { at: now.toISOString(), color: raw.color, latencyMs: latency });
      const models = probes.some((p) => p.models) ? [...new Set(probes.flatMap((p) => (p.models ?? []).map((m) => m.id)))] : null;
      return { id: surface.id, kind: surface.kind, origin: surface.origin, light: shown.color, door: shown.door, reason: shown.reason, remedy: shown.remedy, latencyMs: latency, models, details: first?.details ?? {}, notes: probes.flatMap((p) => p.notes), unused: plan.unusedSurfaces.has(surface.id) };
    });
    const routes: RouteStatus[] = plan.routes.map((rp) => {
      const raw = routeLight({
        plan: rp,
        probe: rp.targetId ? results.get(rp.targetId) : undefined,
        findings: findings.filter((f) => f.routeId === rp.route.id && (rp.route.source.kind !== 'legacy-config' || f.rule !== 'duplicate-id')),
        fileProblems: problemsByFile.get(rp.route.source.kind) ?? [],
        sentinel: this.sentinels.get(rp.route.id),
        now,
        freshnessMs: this.options.freshnessMs,
      });
      const key = `${rp.route.source.kind}:${rp.route.id}`;
      // Only what probes see can flap; a settings problem or a sentinel verdict is shown as it is.
      const shown = this.flap(this.routeFlaps, key, raw, 'route', rp.route.id, raw.layer !== 'surface');
      const mark = this.sentinels.get(rp.route.id);
      return { id: rp.route.id, model: rp.route.model ?? null, displayName: rp.route.displayName ?? null, surface: rp.surface?.id ?? null, light: shown.color, layer: shown.layer, reason: shown.reason, remedy: shown.remedy, lastSentinel: mark ? { verdict: mark.verdict, at: mark.at } : null };
    });
    const droid = this.droid;
    const settingsNote = failure ? `${failure.reason} ${failure.remedy}` : map && map.routes.length === 0 ? `No routes yet in ${this.deps.settingsPath}; checking the default VibeProxy and LiteLLM addresses.` : null;
    const overall = worst([droid.light === 'gray' ? 'green' : droid.light, ...surfaces.filter((s) => !s.unused).map((s) => s.light), ...routes.map((r) => r.light), ...(failure ? (['red'] as Color[]) : [])]);
    return { machine: this.deps.machine, checkedAt: now.toISOString(), settingsPath: this.deps.settingsPath, settingsNote, overall, droid, surfaces, routes };
  }

  private flap<L extends Light>(states: Map<string, FlapState<L>>, key: string, raw: L, kind: LightChange['kind'], id = key, immediate = false): L {
    const previous = states.get(key);
    const next = immediate ? { ...nextFlapState(previous, raw, this.options.flap), shown: raw } : nextFlapState(previous, raw, this.options.flap);
    states.set(key, next);
    const before = previous?.shown.color ?? null;
    if (before !== next.shown.color) this.emit('light', { kind, id, from: before, to: next.shown.color, light: { color: next.shown.color, reason: next.shown.reason, remedy: next.shown.remedy } });
    return next.shown;
  }

  private remember(surfaceId: string, point: HistoryPoint): void {
    const list = this.history.get(surfaceId) ?? [];
    list.push(point);
    if (list.length > this.options.historySize) list.splice(0, list.length - this.options.historySize);
    this.history.set(surfaceId, list);
  }
}
