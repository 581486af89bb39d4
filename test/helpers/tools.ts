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
