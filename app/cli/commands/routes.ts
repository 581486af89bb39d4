// `routelights routes …`: list, add, set, remove, move and migrate Droid's custom model routes.
import type { Command } from 'commander';
import { collect } from '../repeatable.ts';
import { SOURCE_FILE, type RouteSourceKind } from '../../model/route.ts';
import { fail, FailureError, orThrow } from '../../model/failure.ts';
import { lintRoutes } from '../../settings/lint.ts';
import { migrateLegacyRoutes } from '../../settings/migrate.ts';
import { freeIndex, loadRouteMap, usedIndexes, type RouteMap } from '../../settings/route-map.ts';
import { applyRouteChange, type RouteChange } from '../../settings/route-edits.ts';
import { resolveSettingsPath } from '../../settings/paths.ts';
import { surfaceOptionsFromEnv } from '../../surfaces/derive.ts';
import { routeViews } from '../../settings/route-view.ts';
import { parseFieldAssignment, parseFieldValue } from '../field-values.ts';
import type { CliIo } from '../io.ts';
import { renderTable } from '../table.ts';

export interface SettingsOption {
  settings?: string;
}

export async function loadFromOptions(io: CliIo, options: SettingsOption): Promise<RouteMap> {
  return orThrow(await loadRouteMap(resolveSettingsPath(options.settings, io.env)));
}


const SOURCES: Record<string, RouteSourceKind> = { settings: 'settings', 'settings.json': 'settings', 'settings.local': 'settings.local', 'settings.local.json': 'settings.local', 'legacy-config': 'legacy-config', 'config.json': 'legacy-config' };

/** `--source` picks the file when the same id stands in more than one (default: the one Droid uses). */
function sourceOption(value: string | undefined): RouteSourceKind | undefined {
  if (value === undefined) return undefined;
  const kind = SOURCES[value];
  if (!kind) throw new FailureError({ layer: 'usage', code: 'bad-source', reason: `--source ${JSON.stringify(value)} is not one of Droid's route files.`, remedy: 'Use settings.json, settings.local.json or config.json.' });
  return kind;
}

export function routesDocument(map: RouteMap, env: NodeJS.ProcessEnv) {
  return {
    settingsPath: map.paths.settings,
    revision: map.revision,
    routes: routeViews(map.routes, surfaceOptionsFromEnv(env)).map((v) => ({
      id: v.id,
      model: v.model,
      displayName: v.displayName,
      provider: v.provider,
      baseUrl: v.baseUrl,
      index: v.index,
      surface: v.surface,
      apiKey: v.apiKey,
      source: SOURCE_FILE[v.source],
      ...(v.shadowedBy ? { shadowedBy: v.shadowedBy } : {}),
    })),
  };
}

async function readKeyFromStdin(io: CliIo): Promise<string> {
  let text: string;
  try {
    text = await io.readStdin();
  } catch {
    throw new FailureError({ layer: 'usage', code: 'no-stdin', reason: '--api-key-stdin reads the key from standard input, but standard input is a terminal.', remedy: 'Pipe the key in, e.g. from your password manager: `pbpaste | routelights routes add … --api-key-stdin`.' });
  }
  const key = text.replace(/\r?\n$/, '');
  if (key === '') throw new FailureError({ layer: 'usage', code: 'empty-key', reason: 'Standard input was empty: no key was read.', remedy: 'Pipe the key in with --api-key-stdin, or use --api-key-ref VAR.' });
  return key;
}

async function apiKeyFromOptions(io: CliIo, options: { apiKeyStdin?: boolean; apiKeyRef?: string }): Promise<string | undefined> {
  if (options.apiKeyStdin && options.apiKeyRef) throw new FailureError({ layer: 'usage', code: 'conflicting-options', reason: '--api-key-stdin and --api-key-ref were both given.', remedy: 'Use one of them.' });
  if (options.apiKeyStdin) return readKeyFromStdin(io);
  if (options.apiKeyRef !== undefined) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.apiKeyRef)) throw new FailureError({ layer: 'usage', code: 'bad-reference', reason: `${JSON.stringify(options.apiKeyRef)} is not an environment variable name.`, remedy: 'Use letters, digits and underscores, e.g. --api-key-ref ROUTELIGHTS_KEY_LITELLM.' });
    return `\${${options.apiKeyRef}}`;
  }
  return undefined;
}

async function change(io: CliIo, options: SettingsOption, routeChange: RouteChange, done: string): Promise<RouteMap> {
  const map = await loadFromOptions(io, options);
  const outcome = orThrow(await applyRouteChange(map, routeChange));
  io.stderr(`${done} in ${outcome.path}${outcome.backupPath ? ` (backup: ${outcome.backupPath})` : ''}\n`);
  return loadFromOptions(io, options);
}

function reportNewFindings(io: CliIo, map: RouteMap, id: string): void {
  const route = map.routes.filter((r) => r.id === id);
  for (const f of lintRoutes(route, surfaceOptionsFromEnv(io.env))) io.stderr(`${f.severity}: ${f.message}\n  remedy: ${f.remedy}\n`);
}

export function registerRoutes(program: Command, io: CliIo): void {
  const routes = program.command('routes').description("Droid's custom model routes (customModels)");

  routes
    .command('list')
    .description('list every route with its surface and the file it comes from')
    .option('--settings <path>', 'settings.json to use')
    .option('--json', 'print one JSON document')
    .action(async (options: SettingsOption & { json?: boolean }) => {
      const doc = routesDocument(await loadFromOptions(io, options), io.env);
      if (options.json) return io.stdout(`${JSON.stringify(doc, null, 2)}\n`);
      if (doc.routes.length === 0) return io.stdout(`No routes yet in ${doc.settingsPath}. Add one with 'routelights routes add'.\n`);
      io.stdout(renderTable(['ID', 'MODEL', 'PROVIDER', 'BASE URL', 'KEY', 'FILE'], doc.routes.map((r) => [r.id, r.model ?? '-', r.provider ?? '-', r.baseUrl ?? '-', r.apiKey ?? '-', r.shadowedBy ? `${r.source} (hidden)` : r.source])));
    });

  routes
    .command('add')
    .description('add a route to settings.json (refuses an id that exists)')
    .requiredOption('--id <id>', "the id Droid is told to use, e.g. 'custom:GLM-5.1-[ZAI]-1'")
    .requiredOption('--model <model>', 'the model name sent on the wire')
    .requiredOption('--base-url <url>', 'the endpoint, e.g. http://localhost:8317/v1')
    .requiredOption('--provider <provider>', 'anthropic | openai | generic-chat-completion-api')
    .option('--display-name <name>', 'the name shown in Droid')
    .option('--max-output-tokens <n>', 'maxOutputTokens')
    .option('--index <n>', 'index (default: the next free one)')
    .option('--field <name=value>', 'any other field (repeatable)', collect)
    .option('--api-key-stdin', 'read a plain key from standard input (never from argv)')
    .option('--api-key-ref <VAR>', 'write the key as a ${VAR} reference')
    .option('--settings <path>', 'settings.json to use')
    .action(async (options: SettingsOption & { id: string; model: string; baseUrl: string; provider: string; displayName?: string; maxOutputTokens?: string; index?: string; field?: string[]; apiKeyStdin?: boolean; apiKeyRef?: string }) => {
      const map = await loadFromOptions(io, options);
      const entry: Record<string, unknown> = { model: options.model, id: options.id };
      entry.index = options.index !== undefined ? orThrow(parseFieldValue('index', options.index)) : freeIndex(usedIndexes(map));
      entry.baseUrl = options.baseUrl;
      const apiKey = await apiKeyFromOptions(io, options);
      if (apiKey !== undefined) entry.apiKey = apiKey;
      if (options.displayName !== undefined) entry.displayName = options.displayName;
      if (options.maxOutputTokens !== undefined) entry.maxOutputTokens = orThrow(parseFieldValue('maxOutputTokens', options.maxOutputTokens));
      entry.provider = options.provider;
      for (const assignment of options.field ?? []) {
        const [name, value] = orThrow(parseFieldAssignment(assignment));
        entry[name] = value;
      }
      const outcome = orThrow(await applyRouteChange(map, { kind: 'add', entry }));
      io.stderr(`Added ${options.id} to ${outcome.path}${outcome.backupPath ? ` (backup: ${outcome.backupPath})` : ''}\n`);
      reportNewFindings(io, await loadFromOptions(io, options), options.id);
    });

  routes
    .command('set <id>')
    .description("change fields of a route, in the file it comes from")
    .option('--field <name=value>', 'a field to set (repeatable)', collect)
    .option('--unset <name>', 'a field to remove (repeatable)', collect)
    .option('--api-key-stdin', 'read a plain key from standard input (never from argv)')
    .option('--api-key-ref <VAR>', 'write the key as a ${VAR} reference')
    .option('--source <file>', 'the file to edit when the id stands in several')
    .option('--settings <path>', 'settings.json to use')
    .action(async (id: string, options: SettingsOption & { field?: string[]; unset?: string[]; apiKeyStdin?: boolean; apiKeyRef?: string; source?: string }) => {
      const set: Record<string, unknown> = {};
      for (const assignment of options.field ?? []) {
        const [name, value] = orThrow(parseFieldAssignment(assignment));
        set[name] = value;
      }
      const apiKey = await apiKeyFromOptions(io, options);
      if (apiKey !== undefined) set.apiKey = apiKey;
      if (Object.keys(set).length === 0 && !options.unset?.length) orThrow(fail({ layer: 'usage', code: 'nothing-to-do', reason: 'No change was given.', remedy: 'Add --field NAME=VALUE, --unset NAME, --api-key-stdin or --api-key-ref VAR.' }));
      const after = await change(io, options, { kind: 'update', id, set, unset: options.unset ?? [], source: sourceOption(options.source) }, `Updated ${id}`);
      reportNewFindings(io, after, typeof set.id === 'string' ? set.id : id);
    });

  routes
    .command('remove <id>')
    .description('remove a route from the file it comes from')
    .option('--source <file>', 'the file to edit when the id stands in several')
    .option('--settings <path>', 'settings.json to use')
    .action(async (id: string, options: SettingsOption & { source?: string }) => {
      await change(io, options, { kind: 'remove', id, source: sourceOption(options.source) }, `Removed ${id}`);
    });

  routes
    .command('move <id>')
    .description('move a route to another position in its file')
    .requiredOption('--to <index>', 'the position it should have (0 = first)')
    .option('--source <file>', 'the file to edit when the id stands in several')
    .option('--settings <path>', 'settings.json to use')
    .action(async (id: string, options: SettingsOption & { to: string; source?: string }) => {
      const to = Number(options.to);
      if (!Number.isInteger(to) || to < 0) orThrow(fail({ layer: 'usage', code: 'bad-index', reason: `--to ${JSON.stringify(options.to)} is not a position.`, remedy: 'Give a whole number from 0 (the first place).' }));
      await change(io, options, { kind: 'move', id, to, source: sourceOption(options.source) }, `Moved ${id} to position ${to}`);
    });

  routes
    .command('migrate')
    .description('move routes from the legacy config.json into settings.json')
    .option('--settings <path>', 'settings.json to use')
    .option('--json', 'print one JSON document')
    .action(async (options: SettingsOption & { json?: boolean }) => {
      const steps = orThrow(await migrateLegacyRoutes(resolveSettingsPath(options.settings, io.env)));
      if (options.json) return io.stdout(`${JSON.stringify({ steps }, null, 2)}\n`);
      if (steps.length === 0) return io.stdout('No legacy routes in config.json: nothing to migrate.\n');
      io.stdout(renderTable(['ID', 'STATUS', 'DETAIL'], steps.map((s) => [s.id, s.status, s.detail]), 120));
    });
}
