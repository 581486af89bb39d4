// What SIGINT, SIGTERM and SIGHUP do to a command. A command that waits to be stopped (serve, status
// --watch) closes gracefully and exits 0, as it says it will; any other is stopped at once: the droid
// groups it started are ended and its temporary folders removed (a draft's holds a key) before it exits
// 128 + the signal's number.
import { endAllDroids } from '../sentinels/droid-process.ts';
import { removeAllScratch } from '../sentinels/scratch.ts';

const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
export type Signal = keyof typeof SIGNALS;
const NAMES = Object.keys(SIGNALS) as Signal[];

/** The deadline for what a command asks to do on its way out (e.g. cancel its run in a running RouteLights). */
const ON_THE_WAY_OUT_MS = 1_000;

/** How long a task on the way out may wait for a process to end by itself: half the deadline, leaving room to kill it. */
export const GRACE_ON_THE_WAY_OUT_MS = ON_THE_WAY_OUT_MS / 2;

const waiters = new Set<() => void>();
const onTheWayOut = new Set<(signal: Signal) => Promise<unknown>>();
let guarded = false;
let stopping = false;
/** When a graceful closing began (the first signal of serve or status --watch). */
let closingSince: number | null = null;
const INSIST_AFTER_MS = 1_000;
let write: (text: string) => void = () => undefined;

async function stopNow(signal: Signal): Promise<void> {
  const droids = endAllDroids();
  const folders = removeAllScratch();
  const ended = [droids ? `ended ${droids} droid process group(s)` : '', folders ? `removed ${folders} temporary folder(s)` : ''].filter(Boolean).join(' and ');
  write(`routelights: stopped by ${signal}${ended ? `; ${ended}` : ''}.\n`);
  await Promise.race([Promise.allSettled([...onTheWayOut].map((task) => task(signal))), new Promise((resolve) => setTimeout(resolve, ON_THE_WAY_OUT_MS).unref())]);
  process.exit(128 + SIGNALS[signal]);
}

function onSignal(signal: Signal): void {
  // While a command closes, a signal right after the first is absorbed: the installed `routelights`
  // forwards the terminal's Ctrl-C to its Node 24 child, which may then receive it twice. One that comes
  // later is the user insisting on a closing that hangs: it stops the command at once.
  const now = Date.now();
  // In-process (tests, the app) nothing is ever stopped at once: that is the routelights process's own (guardInterrupts).
  if (waiters.size > 0 && (!guarded || closingSince === null || now - closingSince < INSIST_AFTER_MS)) {
    closingSince ??= now;
    return waiters.forEach((wake) => wake());
  }
  if (stopping) return;
  stopping = true;
  void stopNow(signal);
}

/** For the `routelights` process itself (bin.ts): every signal from now on stops the command as above. */
export function guardInterrupts(stderr: (text: string) => void): void {
  if (guarded) return;
  guarded = true;
  write = stderr;
  for (const signal of NAMES) process.on(signal, onSignal);
}

/** Something to do if the command is stopped by a signal (within a second); the returned function forgets it. */
export function onInterrupt(task: (signal: Signal) => Promise<unknown>): () => void {
  onTheWayOut.add(task);
  return () => onTheWayOut.delete(task);
}

export interface StopSignal {
  /** Resolves at the first SIGINT, SIGTERM or SIGHUP. */
  readonly stopped: Promise<void>;
  /** Hands the signals back (call once the command has closed). */
  release(): void;
}

/** Waits for a signal to close gracefully (serve, status --watch). */
export function stopSignal(): StopSignal {
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  waiters.add(stop);
  // Run in-process (tests, the app), nothing else listens: listen for the duration.
  const own = guarded ? [] : NAMES.map((signal) => [signal, () => onSignal(signal)] as const);
  for (const [signal, listener] of own) process.on(signal, listener);
  // A promise alone does not keep Node running: without this, `status --watch` (whose timers are unref'd) exited at once.
  const alive = setInterval(() => undefined, 1 << 30);
  return {
    stopped,
    release: () => {
      clearInterval(alive);
      waiters.delete(stop);
      for (const [signal, listener] of own) process.off(signal, listener);
      if (waiters.size === 0) closingSince = null;
    },
  };
}
