// The `routelights` command: builds the commander program and turns every outcome into an exit code
// (0 ok, 1 findings or a red light, 2 bad input or usage) with the message on stderr.
import { Command, CommanderError } from 'commander';
import { FailureError, type Failure } from '../model/failure.ts';
import { registerBackups } from './commands/backups.ts';
import { registerLint } from './commands/lint.ts';
import { registerRoutes } from './commands/routes.ts';
import { registerReport } from './commands/report.ts';
import { registerSentinels } from './commands/sentinels.ts';
import { registerStatus } from './commands/status.ts';
import { EXIT, type CliIo } from './io.ts';

export function formatFailure(failure: Failure): string {
  return `routelights: [${failure.layer}] ${failure.reason}\n  remedy: ${failure.remedy}\n`;
}

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('routelights')
    .description('Which of my model routes work right now, and if one does not, which door is locked?')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(add --help for usage)');
  registerRoutes(program, io);
  const setExit = (code: number) => {
    exitCode = Math.max(exitCode, code);
  };
  registerStatus(program, io, setExit);
  registerSentinels(program, io, setExit);
  registerReport(program, io, setExit);
  registerLint(program, io, setExit);
  registerBackups(program, io);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    if (error instanceof FailureError) {
      io.stderr(formatFailure(error.failure));
      return EXIT.badInput;
    }
    io.stderr(`routelights: unexpected error: ${(error as Error).message ?? String(error)}\n  remedy: run again; if it persists, report it with the command you ran.\n`);
    return EXIT.badInput;
  }
}
