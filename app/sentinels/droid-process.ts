// A droid as a process group: one `droid exec` whose result line is handed over the moment Droid prints
// it (long before Droid exits), or a session process (droid-session.ts); output is capped, and kill()
// ends the whole tree, never just the parent.
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import { parseResultLine, type ResultLine } from './droid-output.ts';

export interface DroidExit {
  exitCode: number | null;
  signal: string | null;
  /** stdout and stderr as they came, capped (the head and the tail are kept). */
  output: string;
}

export interface DroidProcess {
  pid: number | undefined;
  /** The result line as soon as Droid prints it; null when Droid ends without one. */
  resultLine: Promise<ResultLine | null>;
  exited: Promise<DroidExit>;
  /** Ends the process and everything it started. */
  kill: () => void;
}

const MAX_OUTPUT = 64 * 1024;
const live = new Set<number>();
let exitHookInstalled = false;

function killGroup(pid: number): void {
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Ends every droid group still running, at once (an interrupt, Node's exit); answers how many there were. */
export function endAllDroids(): number {
  const count = live.size;
  for (const pid of live) killGroup(pid);
  live.clear();
  return count;
}

/** No droid outlives RouteLights: groups still running when Node exits are killed. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', endAllDroids);
}

export interface DroidGroup {
  child: ReturnType<typeof execa>;
  pid: number | undefined;
  /** Keeps output as it came, capped (the head and the tail). */
  keep: (text: string) => void;
  exited: Promise<DroidExit>;
  kill: () => void;
}

/** A droid as a process group of its own, remembered until it exits so that none outlives RouteLights. */
export function spawnDroidGroup(droidPath: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, stdin: 'ignore' | 'pipe'): DroidGroup {
  installExitHook();
  const child = execa(droidPath, args, { env, extendEnv: false, cwd, stdin, buffer: false, reject: false, detached: process.platform !== 'win32' });
  const pid = child.pid;
  if (pid) live.add(pid);
  let head = '';
  let tail = '';
  const keep = (text: string) => {
    if (head.length < MAX_OUTPUT / 2) head += text.slice(0, MAX_OUTPUT / 2 - head.length);
    else tail = (tail + text).slice(-MAX_OUTPUT / 2);
  };
  child.stderr?.on('data', (d: Buffer) => keep(d.toString('utf8')));
  const exited = child.then((r) => {
    if (pid) {
      // The parent is gone; its group may not be: finish it.
      killGroup(pid);
      live.delete(pid);
    }
    return { exitCode: r.exitCode ?? null, signal: r.signal ?? null, output: tail ? `${head}\n…\n${tail}` : head };
  });
  return {
    child,
    pid,
    keep,
    exited,
    kill: () => {
      if (pid) killGroup(pid);
      else child.kill('SIGKILL');
    },
  };
}

export function startDroid(droidPath: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): DroidProcess {
  const group = spawnDroidGroup(droidPath, args, env, cwd, 'ignore');
  let resolveLine!: (line: ResultLine | null) => void;
  const resultLine = new Promise<ResultLine | null>((resolve) => (resolveLine = resolve));
  const stdout = group.child.stdout;
  if (stdout) {
    const lines = createInterface({ input: stdout, crlfDelay: Infinity });
    lines.on('line', (line) => {
      group.keep(`${line}\n`);
      const parsed = parseResultLine(line);
      if (parsed) resolveLine(parsed);
    });
    lines.on('close', () => resolveLine(null));
  } else {
    resolveLine(null);
  }
  const exited = group.exited.then((exit) => {
    resolveLine(null);
    return exit;
  });
  return { pid: group.pid, resultLine, exited, kill: group.kill };
}

/** Pids of droid process groups still alive (for tests and for a clean shutdown). */
export function liveDroidGroups(): number[] {
  return [...live];
}
