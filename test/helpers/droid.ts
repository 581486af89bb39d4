// The real Droid CLI for tests: finds the binary npm installed (@factory/cli-<platform>) and runs it with
// HOME pointed at a scratch folder, so it reads that folder's ~/.factory/settings.json and nothing of ours.
import { execa } from 'execa';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Path of the real droid binary; throws with the remedy when it is not installed. */
export function droidBinary(): string {
  const fromEnv = process.env.ROUTELIGHTS_TEST_DROID;
  const candidates = [fromEnv, join(ROOT, 'node_modules', '@factory', `cli-${platform()}-${arch()}`, 'bin', 'droid')].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`The real Droid CLI is not installed (looked in ${candidates.join(', ')}). Run 'npm ci' (it installs @factory/cli-${platform()}-${arch()}).`);
  return found;
}

export interface DroidRun {
  home: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** The folder Droid runs in (its process folder); a project's routes load only there. */
  cwd?: string;
}

/** Runs droid with a scratch HOME; no Factory login, no network beyond loopback. */
export function runDroid(args: string[], options: DroidRun) {
  mkdirSync(join(options.home, '.factory'), { recursive: true });
  return execa(droidBinary(), args, {
    cwd: options.cwd ?? options.home,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: options.home, ...options.env },
    extendEnv: false,
    reject: false,
    all: true,
    stdin: 'ignore',
    timeout: options.timeoutMs ?? 60_000,
    forceKillAfterDelay: 2_000,
    cleanup: true,
  });
}

/** A Droid as an older one would be: the real binary, but its exec knows no --input-format (no session protocol). */
export function droidWithoutSessions(dir: string): string {
  const path = join(dir, 'old-droid');
  writeFileSync(path, `#!/bin/sh\nfor a in "$@"; do [ "$a" = "--input-format" ] && { echo "error: unknown option '--input-format'" >&2; exit 1; }; done\nexec "${droidBinary()}" "$@"\n`, { mode: 0o755 });
  return path;
}
