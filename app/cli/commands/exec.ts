// `routelights exec -- <command …>`: runs any command (typically droid) with the keys the routes
// reference in its environment, resolved from the environment first, then the Keychain, so a user's own
// Droid sessions work with keys that are nowhere in plain text. Always in this process: key values never
// cross the contract to or from a running RouteLights.
import { execa } from 'execa';
import { FailureError } from '../../model/failure.ts';
import { localService } from '../connect.ts';
import { formatFailure } from '../failure-text.ts';
import type { CommandContext } from '../program.ts';

export async function exec(ctx: CommandContext, command: string[], options: { settings?: string }): Promise<void> {
  const { io } = ctx;
  const service = await localService(io, options);
  const { env: keys, missing, keychain } = await service.keyEnvironment().finally(() => service.stop());
  if (keychain) io.stderr(formatFailure(keychain, ctx.verbose).replace(/^routelights:/, 'routelights: warning:'));
  if (missing.length) io.stderr(`routelights: warning: not in the environment or the Keychain: ${missing.join(', ')} (routes using them will fail).\n`);
  const [file, ...args] = command;
  const child = await execa(file!, args, { env: { ...io.env, ...keys }, extendEnv: false, stdio: 'inherit', reject: false });
  if (child.failed && child.exitCode === undefined) {
    throw new FailureError({ layer: 'usage', code: 'exec-failed', reason: `Could not run ${file}: ${(child.shortMessage ?? '').replace(/\n[\s\S]*/, '')}.`, remedy: 'Check the command name and your PATH.' });
  }
  ctx.setExit(child.exitCode ?? 1);
}
