// `routelights exec -- <command …>`: runs any command (typically droid) with the keys the routes
// reference in its environment, resolved from the environment first, then the Keychain, so a user's own
// Droid sessions work with keys that are nowhere in plain text.
import type { Command } from 'commander';
import { execa } from 'execa';
import { FailureError } from '../../model/failure.ts';
import { referencedNames } from '../../secrets/lookup.ts';
import type { CliIo } from '../io.ts';
import { openRuntime } from '../runtime.ts';

export function registerExec(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('exec')
    .description('run a command with the referenced keys in its environment: routelights exec -- droid …')
    .option('--settings <path>', 'settings.json to use')
    .argument('<command...>', 'the command and its arguments (after --)')
    .passThroughOptions()
    .action(async (command: string[], options: { settings?: string }) => {
      const rt = await openRuntime(io, options.settings ? { settings: options.settings } : {});
      const keys: NodeJS.ProcessEnv = {};
      const missing: string[] = [];
      for (const name of referencedNames(rt.map.routes)) {
        const value = rt.lookupKey(name);
        if (value === undefined) missing.push(name);
        else keys[name] = value;
      }
      if (missing.length) io.stderr(`routelights: warning: not in the environment or the Keychain: ${missing.join(', ')} (routes using them will fail).\n`);
      const [file, ...args] = command;
      const child = await execa(file!, args, { env: { ...io.env, ...keys }, extendEnv: false, stdio: 'inherit', reject: false });
      if (child.failed && child.exitCode === undefined) {
        throw new FailureError({ layer: 'usage', code: 'exec-failed', reason: `Could not run ${file}: ${(child.shortMessage ?? '').replace(/\n[\s\S]*/, '')}.`, remedy: 'Check the command name and your PATH.' });
      }
      setExit(child.exitCode ?? 1);
    });
}
