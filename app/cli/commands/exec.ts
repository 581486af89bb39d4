// `routelights exec -- <command …>`: runs any command (typically droid) with the keys the routes
// reference in its environment, resolved from the environment first, then the Keychain, so a user's own
// Droid sessions work with keys that are nowhere in plain text. For droid, the headers Droid itself would
// send as text (${NAME} in extraHeaders) go in a runtime settings file given with --settings. Always in
// this process: key values never cross the contract to or from a running RouteLights.
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { dataDir } from '../../data-dir.ts';
import { FailureError } from '../../model/failure.ts';
import { DRAFT_FOLDER_PREFIX, draftsFolder, makeScratch, removeScratch } from '../../sentinels/scratch.ts';
import { localService } from '../connect.ts';
import { formatFailure } from '../failure-text.ts';
import type { CommandContext } from '../program.ts';
import { GRACE_ON_THE_WAY_OUT_MS, onInterrupt } from '../stop-signal.ts';

/** The processes `pid` started and theirs, from `ps` (the same on macOS and Linux): a shell's children outlive it. */
async function descendantsOf(pid: number): Promise<number[]> {
  const { stdout } = await execa('ps', ['-A', '-o', 'pid=,ppid='], { reject: false });
  const children = new Map<number, number[]>();
  for (const [child, parent] of String(stdout).split('\n').map((line) => line.trim().split(/\s+/).map(Number))) {
    if (child && parent) children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const found: number[] = [];
  for (let queue = [pid]; queue.length > 0; ) {
    const next = children.get(queue.pop()!) ?? [];
    found.push(...next);
    queue.push(...next);
  }
  return found;
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Droid's own arguments with `--settings FILE` where Droid reads it: after `exec` for a one-shot run, first otherwise. */
function withRuntimeSettings(args: readonly string[], file: string): string[] {
  return args[0] === 'exec' ? ['exec', '--settings', file, ...args.slice(1)] : ['--settings', file, ...args];
}

export async function exec(ctx: CommandContext, command: string[], options: { settings?: string }): Promise<void> {
  const { io } = ctx;
  const service = await localService(io, options);
  const { env: keys, missing, keychain, runtime } = await service.keyEnvironment().finally(() => service.stop());
  if (keychain) io.stderr(formatFailure(keychain, ctx.verbose).replace(/^routelights:/, 'routelights: warning:'));
  if (missing.length) io.stderr(`routelights: warning: not in the environment or the Keychain: ${missing.join(', ')} (routes using them will fail).\n`);
  const [file, ...args] = command;
  let runtimeFolder: string | null = null;
  if (basename(file!) === 'droid' && runtime.entries.length > 0) {
    if (args.some((a) => a === '--settings' || a.startsWith('--settings='))) {
      io.stderr('routelights: warning: the command has its own --settings, so the headers that hold ${NAME} references go out as written.\n');
    } else {
      // The file holds key values: RouteLights' own data folder, 0600, removed when the command ends (or swept after a crash).
      runtimeFolder = await makeScratch(draftsFolder(dataDir(io.env)), DRAFT_FOLDER_PREFIX);
      const settingsFile = join(runtimeFolder, 'runtime-settings.json');
      await writeFile(settingsFile, `${JSON.stringify({ customModels: runtime.entries }, null, 2)}\n`, { mode: 0o600 });
      args.splice(0, args.length, ...withRuntimeSettings(args, settingsFile));
    }
  }
  try {
    const running = execa(file!, args, { env: { ...io.env, ...keys }, extendEnv: false, stdio: 'inherit', reject: false });
    // A signal sent to this process alone (a supervisor, `kill`) reaches the command it runs, which then
    // ends first; one that ignores it is killed before RouteLights goes (it holds the keys in its environment).
    const forget = onInterrupt(async (signal) => {
      // Listed first: a shell that ends on the signal hands its children to init, out of reach.
      const tree = running.pid ? [...(await descendantsOf(running.pid)), running.pid] : [];
      running.kill(signal);
      await Promise.race([running, new Promise((resolve) => setTimeout(resolve, GRACE_ON_THE_WAY_OUT_MS).unref())]);
      tree.forEach(killQuietly);
    });
    const child = await running.finally(forget);
    if (child.failed && child.exitCode === undefined) {
      throw new FailureError({ layer: 'usage', code: 'exec-failed', reason: `Could not run ${file}: ${(child.shortMessage ?? '').replace(/\n[\s\S]*/, '')}.`, remedy: 'Check the command name and your PATH.' });
    }
    ctx.setExit(child.exitCode ?? 1);
  } finally {
    if (runtimeFolder) await removeScratch(runtimeFolder);
  }
}
