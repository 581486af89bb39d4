// `routelights keys …`: key names in the Keychain (never values), set from stdin or a hidden prompt
// (never from argv), delete, and move plain-text keys out of settings.json into the Keychain.
import type { Command } from 'commander';
import { collect } from '../repeatable.ts';
import { fail, FailureError, orThrow } from '../../model/failure.ts';
import { listKeys } from '../../secrets/key-list.ts';
import { defaultStore } from '../../secrets/lookup.ts';
import { moveKeysToStore } from '../../secrets/move-keys.ts';
import { isKeyName, type SecretStore } from '../../secrets/store.ts';
import { resolveSettingsPath } from '../../settings/paths.ts';
import { loadRouteMap } from '../../settings/route-map.ts';
import { surfaceOptionsFromEnv } from '../../surfaces/derive.ts';
import type { CliIo } from '../io.ts';
import { renderTable } from '../table.ts';


function requireStore(io: CliIo): SecretStore {
  const store = defaultStore(io.env);
  if (!store) throw new FailureError({ layer: 'keychain', code: 'off', reason: 'The Keychain is switched off ($ROUTELIGHTS_KEYCHAIN=off).', remedy: 'Unset ROUTELIGHTS_KEYCHAIN to use the Keychain.' });
  return store;
}

async function readValue(io: CliIo, name: string): Promise<string> {
  const raw = io.stdinIsTerminal ? await io.promptHidden(`Value for ${name} (not shown): `) : await io.readStdin();
  const value = raw.replace(/\r?\n$/, '');
  if (!value) throw new FailureError({ layer: 'usage', code: 'empty-key', reason: 'No key value was given.', remedy: `Pipe it in (e.g. pbpaste | routelights keys set ${name}) or type it at the prompt.` });
  return value;
}

export function registerKeys(program: Command, io: CliIo): void {
  const keys = program.command('keys').description('proxy and provider keys in the Keychain (names only are ever shown)');

  keys
    .command('list')
    .description('key names in the Keychain, and the routes that reference them')
    .option('--settings <path>', 'settings.json to use')
    .option('--json', 'print one JSON document')
    .action(async (options: { settings?: string; json?: boolean }) => {
      const map = await loadRouteMap(resolveSettingsPath(options.settings, io.env));
      const { keys: rows, failure } = await listKeys(requireStore(io), map.ok ? map.value.routes : [], io.env);
      if (failure) throw new FailureError(failure);
      if (options.json) return io.stdout(`${JSON.stringify({ keys: rows }, null, 2)}\n`);
      if (rows.length === 0) return io.stdout("No keys yet. Move plain-text keys with 'routelights keys move', or add one with 'routelights keys set NAME'.\n");
      io.stdout(renderTable(['NAME', 'KEYCHAIN', 'ENV', 'ROUTES'], rows.map((r) => [r.name, r.inKeychain ? 'yes' : 'MISSING', r.inEnvironment ? 'set' : '-', r.routes.join(', ') || '-']), 90));
    });

  keys
    .command('set <name>')
    .description('store a key (the value from standard input, or a hidden prompt; never from argv)')
    .action(async (name: string) => {
      if (!isKeyName(name)) orThrow(fail({ layer: 'usage', code: 'bad-key-name', reason: `${JSON.stringify(name)} is not a key name.`, remedy: 'Use letters, digits and underscores, e.g. ROUTELIGHTS_KEY_LITELLM.' }));
      orThrow(await requireStore(io).set(name, await readValue(io, name)));
      io.stderr(`Stored ${name} in the Keychain (service RouteLights). Write it in a route as "\${${name}}".\n`);
    });

  keys
    .command('delete <name>')
    .description('delete a key from the Keychain')
    .action(async (name: string) => {
      const existed = orThrow(await requireStore(io).delete(name));
      io.stderr(existed ? `Deleted ${name}.\n` : `${name} was not in the Keychain.\n`);
    });

  keys
    .command('move')
    .description('move plain-text apiKeys into the Keychain and write ${NAME} references instead')
    .option('--route <id>', 'only this route (repeatable)', collect)
    .option('--scrub-backups', 'delete the backups that still hold a moved key in plain text')
    .option('--settings <path>', 'settings.json to use')
    .option('--json', 'print one JSON document')
    .action(async (options: { route?: string[]; settings?: string; json?: boolean; scrubBackups?: boolean }) => {
      const outcome = orThrow(await moveKeysToStore(resolveSettingsPath(options.settings, io.env), requireStore(io), surfaceOptionsFromEnv(io.env), options.route, !!options.scrubBackups));
      if (outcome.scrubbed.length) io.stderr(`Deleted ${outcome.scrubbed.length} backup(s) that held a moved key in plain text.\n`);
      if (outcome.backupsWithKeys.length) io.stderr(`${outcome.backupsWithKeys.length} backup(s) made before the move still hold the key in plain text (${outcome.backupsWithKeys.join(', ')}); run again with --scrub-backups to delete them once you are satisfied.\n`);
      if (options.json) return io.stdout(`${JSON.stringify({ moves: outcome.moves, backupsWithKeys: outcome.backupsWithKeys, scrubbed: outcome.scrubbed }, null, 2)}\n`);
      if (outcome.moves.length === 0) return io.stdout('No plain-text keys to move.\n');
      io.stdout(renderTable(['ROUTE', 'NAME', 'STATUS', 'DETAIL'], outcome.moves.map((m) => [m.routeId, m.name ?? '-', m.status, m.detail]), 100));
      io.stderr("Droid reads ${NAME} from its environment: start it with 'routelights exec -- droid …', or export the names in your shell profile from the Keychain.\n");
    });
}
