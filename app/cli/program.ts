// The `routelights` command: builds the commander program and turns every outcome into an exit code
// (0 ok, 1 findings or a red light, 2 bad input or usage) with the message on stderr.
import { Command, CommanderError } from 'commander';
import { FailureError } from '../model/failure.ts';
import { formatFailure } from './failure-text.ts';
import { redactor } from '../secrets/redact.ts';
import { registerExec } from './commands/exec.ts';
import { registerKeys } from './commands/keys.ts';
import { registerBackups } from './commands/backups.ts';
import { registerLint } from './commands/lint.ts';
import { registerRoutes } from './commands/routes.ts';
import { registerProfile } from './commands/profile.ts';
import { registerReport } from './commands/report.ts';
import { registerSentinels } from './commands/sentinels.ts';
import { registerServe } from './commands/serve.ts';
import { registerStatus } from './commands/status.ts';
import { EXIT, type CliIo } from './io.ts';


export async function run(argv: readonly string[], rawIo: CliIo): Promise<number> {
  // Every byte the CLI prints passes the redactor: known key values and key shapes never reach a terminal or a log.
  const io: CliIo = { ...rawIo, stdout: (t) => rawIo.stdout(redactor.redact(t)), stderr: (t) => rawIo.stderr(redactor.redact(t)) };
  let exitCode: number = EXIT.ok;
  const program = new Command('routelights')
    .description('Which of my model routes work right now, and if one does not, which door is locked?')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(add --help for usage)')
    .enablePositionalOptions();
  registerRoutes(program, io);
  const setExit = (code: number) => {
    exitCode = Math.max(exitCode, code);
  };
  registerStatus(program, io, setExit);
  registerSentinels(program, io, setExit);
  registerReport(program, io, setExit);
  registerLint(program, io, setExit);
  registerBackups(program, io);
  registerKeys(program, io);
  registerExec(program, io, setExit);
  registerServe(program, io);
  registerProfile(program, io);

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
