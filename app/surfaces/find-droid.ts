// Where the droid binary is: --droid, else `droid` on PATH, else ~/.local/bin/droid (where Factory's
// installer puts it); and, when there is none, what to do, worded for whoever is looking.
import { constants, promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

async function executable(path: string): Promise<boolean> {
  return fs.access(path, constants.X_OK).then(() => true, () => false);
}

export async function findDroid(explicit: string | undefined, env: NodeJS.ProcessEnv): Promise<string | null> {
  if (explicit) return (await executable(explicit)) ? explicit : null;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'droid');
    if (await executable(candidate)) return candidate;
  }
  const local = join(env.HOME ?? homedir(), '.local', 'bin', 'droid');
  return (await executable(local)) ? local : null;
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
  const install = "Install Factory's Droid CLI (its installer puts droid in ~/.local/bin)";
  const remedy = { process: `${install}, or give its path with --droid PATH.`, serve: `${install}, or restart routelights serve with --droid PATH.`, app: `${install}, then refresh.` }[seeker];
  return { reason: 'Droid is not installed: no droid on PATH or in ~/.local/bin.', remedy };
}
