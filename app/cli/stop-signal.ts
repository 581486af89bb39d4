// Waiting for the user to stop a long-running command (serve, status --watch). Every later signal is
// absorbed while the command closes: the installed `routelights` forwards the terminal's Ctrl-C to its
// Node 24 child, which may then receive it twice, and a second one must not cut the closing short.
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface StopSignal {
  /** Resolves at the first SIGINT, SIGTERM or SIGHUP. */
  readonly stopped: Promise<void>;
  /** Hands the signals back to their defaults (call once the command has closed). */
  release(): void;
}

export function stopSignal(): StopSignal {
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const onSignal = () => stop();
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return { stopped, release: () => SIGNALS.forEach((signal) => process.off(signal, onSignal)) };
}
