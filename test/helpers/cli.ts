// Runs the `routelights` CLI: in-process through run() with captured output, or as a real child process.
import { execa } from 'execa';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../app/cli/program.ts';
import { scratchDir } from './scratch.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Everything the CLI printed in tests goes to test-artifacts/captured, for the canary scan. */
function capture(args: string[], result: CliResult): CliResult {
  const dir = process.env.ROUTELIGHTS_TEST_ARTIFACTS;
  if (dir) appendFileSync(join(dir, 'captured', `cli-${process.pid}.log`), `$ routelights ${args.join(' ')}\n${result.stdout}\n${result.stderr}\n(exit ${result.code})\n\n`);
  return result;
}

/** A test's environment always names a data folder of its own: no test reads or writes the user's. */
function withDataDir(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return env.ROUTELIGHTS_HOME ? env : { ...env, ROUTELIGHTS_HOME: join(scratchDir('rl-data-'), 'data') };
}

/** `columns`: the width of the terminal the output goes to; left out, the output goes to a pipe (null). */
export async function cli(args: string[], options: { env?: NodeJS.ProcessEnv; stdin?: string; columns?: number } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: withDataDir(options.env ?? {}),
    stdinIsTerminal: options.stdin === undefined,
    columns: options.columns ?? null,
    promptHidden: async () => {
      throw new Error('no terminal in tests');
    },
    readStdin: async () => {
      if (options.stdin === undefined) throw new Error('standard input is a terminal');
      return options.stdin;
    },
  });
  return capture(args, { code, stdout, stderr });
}

export const CLI_ENTRY = fileURLToPath(new URL('../../app/cli/bin.ts', import.meta.url));

/** The CLI as a user runs it: a separate Node process (type stripping runs the TypeScript as is). */
export async function cliProcess(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<CliResult> {
  const result = await execa(process.execPath, ['--disable-warning=ExperimentalWarning', CLI_ENTRY, ...args], {
    env: withDataDir(options.env ?? {}),
    extendEnv: options.env === undefined,
    reject: false,
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
    timeout: 60_000,
  });
  return capture(args, { code: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) });
}
