// Where the droid binary is: --droid, else `droid` on PATH, else where Factory's installer and Homebrew
// put it (an app started from Finder or at login has only PATH=/usr/bin:/bin); and, when there is none,
// what to do, worded for whoever is looking.
import { constants, promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

/** Beyond PATH, in this order: Factory's installer, Homebrew on Apple silicon, Homebrew on Intel (and manual installs). */
const INSTALL_DIRS: ReadonlyArray<{ dir: (home: string) => string; by: string }> = [
  { dir: (home) => join(home, '.local', 'bin'), by: "Factory's installer" },
  { dir: () => '/opt/homebrew/bin', by: 'Homebrew' },
  { dir: () => '/usr/local/bin', by: 'Homebrew on Intel, or a manual install' },
];

/** Factory's installer (into ~/.local/bin), or Homebrew's cask. */
export const DROID_INSTALL = 'curl -fsSL https://app.factory.ai/cli | sh, or brew install --cask droid';

async function executable(path: string): Promise<boolean> {
  return fs.access(path, constants.X_OK).then(() => true, () => false);
}

export async function findDroid(explicit: string | undefined, env: NodeJS.ProcessEnv): Promise<string | null> {
  if (explicit) return (await executable(explicit)) ? explicit : null;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'droid');
    if (await executable(candidate)) return candidate;
  }
  const home = env.HOME ?? homedir();
  for (const { dir } of INSTALL_DIRS) {
    const candidate = join(dir(home), 'droid');
    if (await executable(candidate)) return candidate;
  }
  return null;
}

/** Where a droid was found, as a person reads it: "~/.local/bin (Factory's installer)". */
export function droidPlace(path: string, home = homedir()): string {
  const dir = dirname(path);
  const known = INSTALL_DIRS.find((d) => d.dir(home) === dir);
  const shown = dir === home || dir.startsWith(`${home}/`) ? `~${dir.slice(home.length)}` : dir;
  return known ? `${shown} (${known.by})` : shown;
}

/** Who looks for Droid decides how a path is given: a flag to this command, a restart of `serve`, none in the app. */
export type DroidSeeker = 'process' | 'serve' | 'app';

export function droidMissing(explicit: string | undefined, seeker: DroidSeeker): { reason: string; remedy: string } {
  if (explicit) {
    return {
      reason: `No executable droid at ${explicit}.`,
      remedy: seeker === 'serve' ? 'Restart routelights serve with --droid naming an executable droid.' : 'Check the path given with --droid: it must name an executable droid.',
    };
  }
  const install = `Install Factory's Droid CLI: ${DROID_INSTALL}`;
  const remedy = { process: `${install}; or give its path with --droid PATH.`, serve: `${install}; or restart routelights serve with --droid PATH.`, app: `${install}; then refresh.` }[seeker];
  return { reason: 'Droid is not installed: no droid on PATH, in ~/.local/bin, /opt/homebrew/bin or /usr/local/bin.', remedy };
}
