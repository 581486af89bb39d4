// Usage readings on their own slow cadence beside the light cycle: one request per account per cadence
// (a refresh may force one), a 429's wait kept, a read soon after a reset, crossings said once each.
import { EventEmitter } from 'node:events';
import type { UsageReading, UsageWindow } from '../model/snapshot.ts';
import { until, windowState, type WindowState } from '../model/usage.ts';
import type { Memo, UsageContext, UsageOutcome, UsageTarget, WindowReading } from './usage-types.ts';

export const DEFAULT_USAGE_INTERVAL_MS = 5 * 60_000;
/** The longest wait after a 429 that gave no Retry-After (doubling from twice the cadence). */
const MAX_BACKOFF_MS = 60 * 60_000;
/** A window that resets is read again this long after its reset time (the provider's clock may lag)… */
const AFTER_RESET_MS = 30_000;
/** …but never sooner than a minute (or a fifth of the cadence) after the last reading, whatever resets it reports. */
const MIN_REREAD_MS = 60_000;
const MEMO_TTL_MS = 60 * 60_000;

export interface UsageCrossing {
  account: string;
  label: string;
  window: UsageWindow;
  from: WindowState;
  to: 'low' | 'exhausted' | 'ok';
}

export interface PollerDeps {
  read: (target: UsageTarget, ctx: UsageContext) => Promise<UsageOutcome>;
  context: Omit<UsageContext, 'now' | 'memo'>;
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
  /** The wait a 429 imposed (0 when the last answer was not one); held off even a forced reading. */
  heldUntil: number;
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

function duration(ms: number, now: Date): string {
  return until(new Date(now.getTime() + ms).toISOString(), now).replace(/^in /, '');
}

export class UsagePoller extends EventEmitter<{ reading: [UsageReading]; crossing: [UsageCrossing] }> {
  private readonly deps: PollerDeps;
  private readonly accounts = new Map<string, AccountState>();
  private readonly memos = new Map<string, { value: string; at: number }>();
  private readonly memo: Memo = {
    get: (key) => {
      const m = this.memos.get(key);
      return m && this.deps.now().getTime() - m.at < MEMO_TTL_MS ? m.value : undefined;
    },
    set: (key, value) => void this.memos.set(key, { value, at: this.deps.now().getTime() }),
  };

  constructor(deps: PollerDeps) {
    super();
    this.deps = deps;
  }

  /** The accounts to read now: gone ones are forgotten, due ones start (not awaited). `force`: every account a 429 does not hold off. */
  update(targets: readonly UsageTarget[], force = false): void {
    const wanted = new Set(targets.map((t) => t.account));
    for (const id of this.accounts.keys()) if (!wanted.has(id)) this.accounts.delete(id);
    const now = this.deps.now().getTime();
    for (const target of targets) {
      let state = this.accounts.get(target.account);
      if (!state) {
        state = { target, label: defaultLabel(target), windows: [], counts: [], readAt: null, note: null, problem: null, nextDueAt: 0, heldUntil: 0, backoffMs: 0, inFlight: null, seen: new Map() };
        this.accounts.set(target.account, state);
      }
      state.target = target;
      if (!state.inFlight && now >= state.heldUntil && (state.nextDueAt <= now || force)) this.start(state);
    }
  }

  /** Resolves when every reading started so far has landed. */
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
      windowed: s.target.source.kind !== 'management',
      balance: s.target.balance,
      windows: s.windows.map((w) => ({ ...w, state: this.stateOf(w, lowPercent, now) })),
      counts: s.counts,
      readAt: s.readAt,
      note: s.note,
      problem: s.problem,
      lowPercent,
      nextAt: s.inFlight ? null : new Date(Math.max(s.nextDueAt, s.heldUntil)).toISOString(),
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
        outcome = await this.deps.read(state.target, { ...this.deps.context, memo: this.memo, now });
      } catch (error) {
        outcome = { ok: false, code: 'reader-error', reason: `Reading the usage of ${state.label} failed: ${(error as Error).message}.`, remedy: 'RouteLights reads again at the next reading; report it if it persists.' };
      }
      // Done before it lands, so that the snapshot it makes says when the next reading is due.
      state.inFlight = null;
      try {
        // An account forgotten (or replaced) meanwhile has nothing left to say.
        if (this.accounts.get(state.target.account) === state) this.land(state, outcome);
      } finally {
        landed();
      }
    })();
  }

  private land(state: AccountState, outcome: UsageOutcome): void {
    const now = this.deps.now();
    const at = now.getTime();
    const interval = this.deps.intervalMs;
    state.heldUntil = 0;
    if (outcome.ok) {
      const windows = outcome.partial ? this.merged(state.windows, outcome.windows) : outcome.windows;
      Object.assign(state, { label: outcome.label, windows, counts: outcome.counts, readAt: now.toISOString(), note: outcome.note ?? null, problem: null, backoffMs: 0 });
      state.nextDueAt = at + interval;
      // A low or used-up window is read again soon after it resets, when that comes before the cadence.
      const low = this.deps.lowPercent(state.target.surface.id);
      const reset = Math.min(...windows.filter((w) => w.resetsAt && windowState(w.usedPercent, low) !== 'ok').map((w) => Date.parse(w.resetsAt!)));
      if (Number.isFinite(reset) && reset > at) state.nextDueAt = Math.min(state.nextDueAt, Math.max(reset + AFTER_RESET_MS, at + Math.max(MIN_REREAD_MS, interval / 5)));
    } else if (outcome.code === 'rate-limited') {
      // Retry-After is kept exactly; without one, the wait doubles from twice the cadence, up to an hour (never below the cadence).
      const wait = outcome.retryAfterMs ?? Math.max(interval, Math.min(MAX_BACKOFF_MS, state.backoffMs ? state.backoffMs * 2 : interval * 2));
      state.backoffMs = outcome.retryAfterMs === undefined ? wait : 0;
      state.heldUntil = state.nextDueAt = at + wait;
      state.problem = { code: outcome.code, reason: outcome.reason, remedy: `RouteLights waits ${duration(wait, now)}${outcome.retryAfterMs !== undefined ? ', as the answer asks,' : ''} before it reads again; the last windows read stay shown.` };
    } else {
      state.problem = { code: outcome.code, reason: outcome.reason, remedy: outcome.remedy };
      state.nextDueAt = at + interval;
    }
    const reading = this.reading(state, now);
    this.crossings(state, reading);
    this.emit('reading', reading);
  }

  /** A partial reading's windows over the last ones: the others stay, and a window keeps its known reset. */
  private merged(before: readonly WindowReading[], learnt: readonly WindowReading[]): WindowReading[] {
    const known = new Map(before.map((w) => [w.id, w]));
    for (const w of learnt) known.set(w.id, { ...w, resetsAt: w.resetsAt ?? known.get(w.id)?.resetsAt ?? null });
    return [...known.values()];
  }

  private crossings(state: AccountState, reading: UsageReading): void {
    for (const w of reading.windows) {
      const from = state.seen.get(w.id);
      if (w.state === 'unknown') continue;
      state.seen.set(w.id, w.state);
      if (from === undefined || from === w.state) continue;
      const to = w.state === 'exhausted' || w.state === 'low' ? w.state : from === 'low' || from === 'exhausted' ? 'ok' : null;
      if (to) this.emit('crossing', { account: reading.account, label: reading.label, window: w, from, to });
    }
  }
}
