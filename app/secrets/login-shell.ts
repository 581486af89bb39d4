// The names (never the values) of the variables the user's login shell exports. An app started from
// Finder or at login gets none of them, while a Droid started in a terminal does: a key that exists only
// there is named as such in the route's reason. Asked once, with a deadline (rc files can be slow).
import { execa } from 'execa';
import { KEY_NAME_PATTERN } from '../model/key-name.ts';

/** Rc files may print; only lines with this mark are names. */
const MARK = '__routelights_env__';
const NAME = new RegExp(`^${MARK}(${KEY_NAME_PATTERN})$`);

export async function loginShellNames(env: NodeJS.ProcessEnv, timeoutMs = 5_000): Promise<ReadonlySet<string>> {
  const shell = env.SHELL || '/bin/zsh';
  const run = await execa(shell, ['-ilc', `awk 'BEGIN { for (name in ENVIRON) print "${MARK}" name }'`], { env, extendEnv: false, stdin: 'ignore', reject: false, timeout: timeoutMs, forceKillAfterDelay: 1_000, cleanup: true, cwd: env.HOME });
  const names = String(run.stdout ?? '')
    .split('\n')
    .map((line) => NAME.exec(line.trim())?.[1])
    .filter((name): name is string => !!name);
  return new Set(names);
}
