// The `routelights` command: every command's name, options and help, and the turning of every outcome
// into an exit code (0 ok, 1 findings or a red light, 2 bad input or usage) with the message on stderr.
// A command's code is loaded only when it runs, so `--help` and a listing start quickly.
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { failureOf } from '../model/failure.ts';
import { redactor } from '../secrets/redact.ts';
import { formatFailure } from './failure-text.ts';
import { EXIT, type CliIo } from './io.ts';
import { collect } from './repeatable.ts';

export interface CommandContext {
  io: CliIo;
  /** Raises the exit code (never lowers it). */
  setExit: (code: number) => void;
  /** --verbose: a failure also shows the system's own words. */
  verbose: boolean;
}

type Action<A extends unknown[]> = (ctx: CommandContext, ...args: A) => Promise<void>;

/** An option's value that is the next option (`--model --base-url …`) means the value was left out. */
const value = (flag: string) => (raw: string) => {
  if (raw.startsWith('--')) throw new InvalidArgumentError(`${flag} needs a value, but the word after it is the option ${raw}.`);
  return raw;
};

export async function run(argv: readonly string[], rawIo: CliIo): Promise<number> {
  // Every byte the CLI prints passes the redactor: known key values and key shapes never reach a terminal or a log.
  const io: CliIo = { ...rawIo, stdout: (t) => rawIo.stdout(redactor.redact(t)), stderr: (t) => rawIo.stderr(redactor.redact(t)) };
  let exitCode: number = EXIT.ok;
  // Taken wherever it stands, before or after the command's name.
  const verbose = argv.includes('--verbose');
  const ctx: CommandContext = { io, setExit: (code) => (exitCode = Math.max(exitCode, code)), verbose };
  /** Runs a command's action from its module, loaded on demand; commander's own last argument is dropped. */
  const lazy =
    <A extends unknown[]>(load: () => Promise<Action<A>>) =>
    async (...args: unknown[]) =>
      (await load())(ctx, ...(args.slice(0, -1) as A));

  const program = new Command('routelights')
    .description('Which of my model routes work right now, and if one does not, which door is locked?')
    .exitOverride()
    // Commander's own complaints (an unknown option, a missing argument) read like every other usage error.
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text, write) => write(`routelights: [usage] ${text.replace(/^error: /, '')}`) })
    .showHelpAfterError('(add --help for usage)')
    .enablePositionalOptions()
    .option('--verbose', "with a failure, show the system's own words too (e.g. a D-Bus error)");
  const settings = (c: Command) => c.option('--settings <path>', 'settings.json to use (default: $ROUTELIGHTS_SETTINGS, else ~/.factory/settings.json)', value('--settings'));
  const json = (c: Command) => c.option('--json', 'print one JSON document');
  const droid = (c: Command) => c.option('--droid <path>', 'the droid binary (default: droid on PATH)', value('--droid'));
  const apiKey = (c: Command) => c.option('--api-key-stdin', 'read a plain key from standard input (never from argv)').option('--api-key-ref <VAR>', 'write the key as a ${VAR} reference', value('--api-key-ref'));
  const source = (c: Command, help = 'the file to edit when the id stands in several') => c.option('--source <file>', help, value('--source'));

  const routes = program.command('routes').description("Droid's custom model routes (customModels), in your files and your projects'");
  json(settings(routes.command('list').description('list every route with its surface, its file, and whether Droid uses it'))).action(lazy(async () => (await import('./commands/routes.ts')).list));
  apiKey(settings(
    routes
      .command('add')
      .description('add a route to settings.json (or to --file; refuses an id that exists there)')
      .requiredOption('--id <id>', "the id Droid is told to use, e.g. 'custom:GLM-5.1-[ZAI]-1'", value('--id'))
      .requiredOption('--model <model>', 'the model name sent on the wire', value('--model'))
      .requiredOption('--base-url <url>', 'the endpoint, e.g. http://localhost:8317/v1', value('--base-url'))
      .requiredOption('--provider <provider>', 'anthropic | openai | generic-chat-completion-api', value('--provider'))
      .option('--display-name <name>', 'the name shown in Droid', value('--display-name'))
      .option('--max-output-tokens <n>', 'maxOutputTokens', value('--max-output-tokens'))
      .option('--index <n>', 'index (default: the next free one)', value('--index'))
      .option('--field <name=value>', 'any other field (repeatable)', collect)
      .option('--file <path>', "the file to add it to: another of Droid's route files (a project's .factory/settings.json)", value('--file'))
      .option('--force', 'write the route even if lint finds an error in it'),
  )).action(lazy(async () => (await import('./commands/routes.ts')).add));
  source(
    apiKey(settings(
      routes
        .command('set <id>')
        .description('change fields of a route, in the file it comes from')
        .option('--field <name=value>', 'a field to set (repeatable)', collect)
        .option('--unset <name>', 'a field to remove (repeatable)', collect)
        .option('--rename-id <id>', "give the route a new id (the only way an id moves); the route's file follows where it names the old one (model, sessionDefaultSettings.model, …), other files are listed", value('--rename-id'))
        .option('--keep-references', 'with --rename-id: leave the places that name the old id as they are (listed)')
        .option('--force', 'write the change even if it leaves the route with a lint error'),
    )),
    'the file to edit when the id stands in several (settings.json, settings.local.json, config.json, or a path)',
  ).action(lazy(async () => (await import('./commands/routes.ts')).set));
  source(settings(routes.command('remove <id>').description('remove a route from the file it comes from'))).action(lazy(async () => (await import('./commands/routes.ts')).remove));
  source(settings(routes.command('move <id>').description('move a route to another position in its file').requiredOption('--to <index>', 'the position it should have (0 = first)'))).action(
    lazy(async () => (await import('./commands/routes.ts')).move),
  );
  json(settings(routes.command('migrate').description('move routes from the legacy config.json into settings.json'))).action(lazy(async () => (await import('./commands/routes.ts')).migrate));

  json(settings(program.command('lint').description('check the routes for wrong doors before running them (exit 1 on errors)')))
    .option('--fix', 'remove trailing commas (Droid ignores a file that has one), with a backup')
    .action(lazy(async () => (await import('./commands/lint.ts')).lint));

  droid(json(settings(program.command('status').description('check every surface and route now: exit 0 when nothing is red, 1 when something is, 2 on bad input; answered by a running RouteLights when there is one'))))
    .option('--daemon-port <n>', "the Droid daemon's port, to check its /health", value('--daemon-port'))
    .option('--watch', 'keep checking, printing after every cycle (Ctrl-C to stop)')
    .option('--interval <seconds>', 'seconds between checks with --watch', '30')
    .action(lazy(async () => (await import('./commands/status.ts')).status));

  droid(json(settings(program.command('sentinels').description("run 'Reply exactly: <token>' through droid exec for each route; exit 0 when every route passed (a skipped route is not a pass)"))))
    .option('--route <id>', 'only this route (repeatable)', collect)
    .option('--concurrency <n>', 'routes at once (default: the CPU count, at least 2)', value('--concurrency'))
    .option('--timeout <seconds>', 'per-route deadline', '60')
    .option('--force', 'send routes whose surface is red anyway')
    .option('--draft <file>', 'prove a route that is not saved yet (a JSON file with the route), touching no settings file', value('--draft'))
    .action(lazy(async () => (await import('./commands/sentinels.ts')).sentinels));

  droid(settings(program.command('report').description("the field guide's readiness checklist for this machine (markdown, or --json)")))
    .option('--md', 'markdown (the default)')
    .option('--json', 'one JSON document')
    .option('--compare <files...>', 'compare two saved JSON reports (A.json B.json) line by line, differences first')
    .action(lazy(async () => (await import('./commands/report.ts')).report));

  const backups = program.command('backups').description('backups RouteLights made of the route files');
  json(source(settings(backups.command('list').description('list backups, newest first')), 'the route file (default: settings.json)')).action(lazy(async () => (await import('./commands/backups.ts')).list));
  source(settings(backups.command('restore <name>').description('put a backup back (the current file is backed up first)')), 'the route file (default: settings.json)').action(lazy(async () => (await import('./commands/backups.ts')).restore));
  source(settings(backups.command('diff <name>').description('what restoring a backup would change (keys masked)')), 'the route file (default: settings.json)').action(lazy(async () => (await import('./commands/backups.ts')).diff));
  settings(backups.command('undo <action-id>').description('put back every file as it was before one action (ids in backups list)')).action(lazy(async () => (await import('./commands/backups.ts')).undo));
  source(settings(backups.command('scrub').description('delete the backups that still hold a key in clear')), 'one route file (default: all of them)').action(lazy(async () => (await import('./commands/backups.ts')).scrub));

  const keys = program.command('keys').description('proxy and provider keys in the Keychain (names only are ever shown)');
  json(settings(keys.command('list').description('key names in the Keychain, and the routes that reference them'))).action(lazy(async () => (await import('./commands/keys.ts')).list));
  settings(keys.command('set <name>').description('store a key (the value from standard input, or a hidden prompt; never from argv)')).action(lazy(async () => (await import('./commands/keys.ts')).set));
  settings(keys.command('delete <name>').description('delete a key from the Keychain')).action(lazy(async () => (await import('./commands/keys.ts')).remove));
  json(settings(keys.command('move').description('move plain-text apiKeys into the Keychain and write ${NAME} references instead')))
    .option('--route <id>', 'only this route (repeatable)', collect)
    .option('--scrub-backups', 'delete the backups that still hold a moved key in plain text')
    .option('--dry-run', 'show what would move, store and write nothing')
    .action(lazy(async () => (await import('./commands/keys.ts')).move));

  settings(program.command('exec').description('run a command with the referenced keys in its environment: routelights exec -- droid …'))
    .argument('<command...>', 'the command and its arguments (after --)')
    .passThroughOptions()
    .action(lazy(async () => (await import('./commands/exec.ts')).exec));

  droid(settings(program.command('serve').description('serve the window and the API on 127.0.0.1 (with /metrics for Prometheus), and the CLI on a socket')))
    .option('--port <n>', 'the port (default: a free one)', value('--port'))
    .option('--open', 'open the window in the default browser')
    .option('--token-file <path>', 'read the bearer token from this file (created with a new one if missing), e.g. for a Prometheus scrape config', value('--token-file'))
    .action(lazy(async () => (await import('./commands/serve.ts')).serve));

  const profile = program.command('profile').description('share the route map between machines (ids stay, base URLs may differ)');
  settings(profile.command('export').description('write the route map (no key values) to --out FILE or stdout').option('--out <file>', 'write here instead of stdout', value('--out'))).action(lazy(async () => (await import('./commands/profile.ts')).exportProfile));
  json(settings(profile.command('import <file>').description('merge a profile into this machine’s settings.json (an existing id is updated, never duplicated)')))
    .option('--override <origin=url>', "this machine's base URL for an origin, kept and re-applied on every import (repeatable)", collect)
    .option('--dry-run', 'show what would change, write nothing')
    .action(lazy(async () => (await import('./commands/profile.ts')).importProfile));

  const projects = program.command('projects').description("project folders whose .factory/ routes Droid loads when it runs there");
  json(settings(projects.command('list').description('the project folders RouteLights reads, with their route files'))).action(lazy(async () => (await import('./commands/projects.ts')).list));
  settings(projects.command('add <dir>').description("read a project's .factory/settings.json and settings.local.json too")).action(lazy(async () => (await import('./commands/projects.ts')).add));
  settings(projects.command('remove <dir>').description('stop reading a project folder (its files are left as they are)')).action(lazy(async () => (await import('./commands/projects.ts')).remove));

  const surfaces = program.command('surfaces').description('what each origin is (a gateway in front of Z.AI or Kimi), and when its usage warns');
  json(settings(surfaces.command('list').description('the kinds and usage thresholds you declared, per origin'))).action(lazy(async () => (await import('./commands/surfaces.ts')).list));
  settings(surfaces.command('set <origin>').description("declare an origin's kind, or set the share left below which its usage turns routes yellow"))
    .option('--kind <kind>', 'vibeproxy, litellm, zai, kimi, openai-compatible or anthropic-compatible; "auto" goes back to the host name', value('--kind'))
    .option('--low <percent>', 'warn below this share left (0-100; default 10); "default" goes back to it', value('--low'))
    .action(lazy(async () => (await import('./commands/surfaces.ts')).set));

  try {
    await program.parseAsync(argv.filter((a) => a !== '--verbose'), { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    const failure = failureOf(error);
    if (failure) {
      io.stderr(formatFailure(failure, verbose));
      return EXIT.badInput;
    }
    io.stderr(`routelights: unexpected error: ${(error as Error).message ?? String(error)}\n  remedy: run again; if it persists, report it with the command you ran.\n`);
    return EXIT.badInput;
  }
}
