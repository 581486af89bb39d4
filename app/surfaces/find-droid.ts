// Where the droid binary is: --droid, else `droid` on PATH, else ~/.local/bin/droid (where Factory's
// installer puts it).
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
