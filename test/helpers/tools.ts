// Where the real test programs are (installed by scripts/setup-test-tools.sh), and small process helpers.
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function tool(relative: string, envName: string): string {
  const path = process.env[envName] ?? join(ROOT, '.tools', relative);
  if (!existsSync(path)) throw new Error(`${path} is missing: run 'bash scripts/setup-test-tools.sh' first (CI does), or set ${envName}.`);
  return path;
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers (any HTTP status) or the deadline passes. */
export async function waitForHttp(url: string, deadlineMs: number, alive: () => boolean = () => true): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (!alive()) throw new Error(`the process behind ${url} exited before it answered`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${url} did not answer within ${deadlineMs} ms`);
}

export interface Listening {
  port: number;
  url: string;
  openSockets: () => number;
  /** Connections accepted so far. */
  connections: () => number;
  close: () => Promise<void>;
}

/** Listens on 127.0.0.1 (a free port), tracking sockets so that close() never waits on a hung client. */
export async function listenLoopback(server: import('node:http').Server, port = 0): Promise<Listening> {
  const sockets = new Set<import('node:net').Socket>();
  let accepted = 0;
  server.on('connection', (s) => {
    accepted++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as import('node:net').AddressInfo).port;
  return {
    port: bound,
    url: `http://127.0.0.1:${bound}`,
    openSockets: () => sockets.size,
    connections: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Ends a child process (its whole group when it was started detached): SIGTERM, then SIGKILL. */
export function stopChild(child: import('node:child_process').ChildProcess, options: { group?: boolean; graceMs?: number } = {}): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    const signal = (sig: NodeJS.Signals) => {
      try {
        if (options.group && child.pid) process.kill(-child.pid, sig);
        else child.kill(sig);
      } catch {
        // already gone
      }
    };
    signal('SIGTERM');
    setTimeout(() => signal('SIGKILL'), options.graceMs ?? 3_000).unref();
  });
}
