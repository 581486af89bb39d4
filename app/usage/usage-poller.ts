// Usage readings on their own slow cadence, beside the light cycle and never inside it: at most one
// request per account per cadence (a manual refresh may force one), longer waits after a 429 (its
// Retry-After, else doubling up to an hour), a read just after an exhausted window's reset. Keeps the
// last good windows when a read fails (with why), and says when a window crosses its threshold or resets.
import { EventEmitter } from 'node:events';
import type { UsageReading, UsageWindow } from '../model/snapshot.ts';
import { windowState, type WindowState } from '../model/usage.ts';
import type { UsageContext, UsageOutcome, UsageTarget, WindowReading } from './usage-types.ts';

export const DEFAULT_USAGE_INTERVAL_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;
/** A window that reset is read again this long after its reset time (the provider's clock may lag). */
const AFTER_RESET_MS = 30_000;

export interface UsageCrossing {
  account: string;
  label: string;
  window: UsageWindow;
  from: WindowState;
  to: 'low' | 'exhausted' | 'ok';
}

export interface PollerDeps {
  read: (target: UsageTarget, ctx: UsageContext) => Promise<UsageOutcome>;
  context: Omit<UsageContext, 'now'>;
  intervalMs: number;
  /** The threshold of a surface (percent left), from the preferences. */
  lowPercent: (surfaceId: string) => number;
  now: () => Date;
}

interface AccountState {
  target: UsageTarget;
  label: string;
  windows: WindowReading[];
  counts: UsageReading['counts'];
  readAt: string | null;
  note: string | null;
  problem: UsageReading['problem'];
  nextDueAt: number;
  backoffMs: number;
  inFlight: Promise<void> | null;
  /** The state each window was last seen in, for crossings (none before the first reading). */
  seen: Map<string, WindowState>;
}

function defaultLabel(target: UsageTarget): string {
  const { source, surface } = target;
  if (source.kind === 'oauth') return `${source.provider === 'codex' ? 'Codex' : 'Claude'} account ${source.email ?? source.file}`;
  if (source.kind === 'management') return `CLIProxyAPI at ${surface.origin}`;
  const names: Record<string, string> = { zai: 'Z.AI coding plan', kimi: 'Kimi For Coding plan', litellm: 'LiteLLM key' };
  return names[surface.kind] ?? surface.origin;
}

export class UsagePoller extends EventEmitter<{ reading: [UsageReading]; crossing: [UsageCrossing] }> {
  private readonly deps: PollerDeps;
  private readonly accounts = new Map<string, AccountState>();

  constructor(deps: PollerDeps) {
    super();
    this.deps = deps;
  }

  /** The accounts to read now: gone ones are forgotten, due ones start (not awaited). `force`: every account not held off by a 429. */
  update(targets: readonly UsageTarget[], force = false): void {
    const wanted = new Set(targets.map((t) => t.account));
    for (const id of this.accounts.keys()) if (!wanted.has(id)) this.accounts.delete(id);
    const now = this.deps.now().getTime();
    for (const target of targets) {
      let state = this.accounts.get(target.account);
      if (!state) {
        state = { target, label: defaultLabel(target), windows: [], counts: [], readAt: null, note: null, problem: null, nextDueAt: 0, backoffMs: 0, inFlight: null, seen: new Map() };
        this.accounts.set(target.account, state);
      }
      state.target = target;
      const heldOff = state.problem?.code === 'rate-limited' && state.nextDueAt > now;
      if (!state.inFlight && (state.nextDueAt <= now || (force && !heldOff))) this.start(state);
    }
  }

  /** Resolves when every reading started so far has ended. */
  async settled(): Promise<void> {
    while (true) {
      const running = [...this.accounts.values()].flatMap((s) => (s.inFlight ? [s.inFlight] : []));
      if (running.length === 0) return;
      await Promise.all(running);
    }
  }

  readings(): UsageReading[] {
    const now = this.deps.now();
    return [...this.accounts.values()].map((s) => this.reading(s, now));
  }

  private reading(s: AccountState, now: Date): UsageReading {
    const lowPercent = this.deps.lowPercent(s.target.surface.id);
    return {
      account: s.target.account,
      surfaceId: s.target.surface.id,
      kind: s.target.surface.kind,
      label: s.label,
      balance: s.target.balance,
      windows: s.windows.map((w) => ({ ...w, state: this.stateOf(w, lowPercent, now) })),
      counts: s.counts,
      readAt: s.readAt,
      note: s.note,
      problem: s.problem,
      lowPercent,
      nextAt: s.inFlight ? null : new Date(s.nextDueAt).toISOString(),
    };
  }

  /** A window whose reset time has passed since it was read says nothing until it is read again. */
  private stateOf(w: WindowReading, lowPercent: number, now: Date): WindowState {
    return w.resetsAt && Date.parse(w.resetsAt) <= now.getTime() ? 'unknown' : windowState(w.usedPercent, lowPercent);
  }

  private start(state: AccountState): void {
    let landed!: () => void;
    // Marked before the reader runs: a reader that fails at once must not find the mark set after it.
    state.inFlight = new Promise<void>((resolve) => (landed = resolve));
    void (async () => {
      const now = this.deps.now();
      let outcome: UsageOutcome;
      try {
        outcome = await this.deps.read(state.target, { ...this.deps.context, now });
      } catch (error) {
        outcome = { ok: false, code: 'reader-error', reason: `Reading the usage failed: ${(error as Error).message}.`, remedy: 'RouteLights reads again at the next reading; report it if it persists.' };
      }
      // Done before it lands, so that the snapshot it makes says when the next reading is due.
      state.inFlight = null;
      this.land(state, outcome);
      landed();
    })();
  }

  private land(state: AccountState, outcome: UsageOutcome): void {
    const now = this.deps.now();
    const interval = this.deps.intervalMs;
    if (outcome.ok) {
      state.label = outcome.label;
      state.windows = outcome.windows;
      state.counts = outcome.counts;
      state.readAt = now.toISOString();
      state.note = outcome.note ?? null;
      state.problem = null;
      state.backoffMs = 0;
      // A low or exhausted window is read again just after it resets, when that comes before the cadence.
      const low = this.deps.lowPercent(state.target.surface.id);
      const resets = outcome.windows.filter((w) => w.resetsAt && windowState(w.usedPercent, low) !== 'ok').map((w) => Date.parse(w.resetsAt!) + AFTER_RESET_MS);
      state.nextDueAt = Math.min(now.getTime() + interval, ...resets.filter((t) => t > now.getTime()));
    } else {
      state.problem = { code: outcome.code, reason: outcome.reason, remedy: outcome.remedy };
      if (outcome.code === 'rate-limited') {
        state.backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(outcome.retryAfterMs ?? 0, state.backoffMs ? state.backoffMs * 2 : interval * 2));
        state.nextDueAt = now.getTime() + state.backoffMs;
      } else {
        state.nextDueAt = now.getTime() + interval;
      }
    }
    const reading = this.reading(state, now);
    this.crossings(state, reading);
    this.emit('reading', reading);
  }

  private crossings(state: AccountState, reading: UsageReading): void {
    for (const w of reading.windows) {
      const from = state.seen.get(w.id);
      if (w.state === 'unknown') continue;
      state.seen.set(w.id, w.state);
      if (from === undefined || from === w.state) continue;
      const to = w.state === 'exhausted' || w.state === 'low' ? w.state : from === 'low' || from === 'exhausted' ? 'ok' : null;
      if (to && !(from === 'exhausted' && to === 'low')) this.emit('crossing', { account: reading.account, label: reading.label, window: w, from, to });
    }
  }
}

