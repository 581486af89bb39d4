// `routelights routes …`: list, add, set, remove, move and migrate Droid's custom model routes, through
// the service (saveRoutes with the revision just read: a file changed meanwhile is a conflict, not a loss).
import { isKeyName, referenceTo } from '../../model/key-name.ts';
import { FailureError, orThrow } from '../../model/failure.ts';
import { describeKey, SOURCE_FILE } from '../../model/route.ts';
import { saveNotes } from '../../model/save-note.ts';
import type { RouteRecord } from '../../model/snapshot.ts';
import type { RouteChangeRequest, RouteLightsApi, SaveResponse } from '../../api/contract.ts';
import { existsSync } from 'node:fs';
import { resolveSettingsPath } from '../../settings/paths.ts';
import { withConnection } from '../connect.ts';
import { parseFieldAssignment, parseFieldValue } from '../field-values.ts';
import type { CommandContext } from '../program.ts';
import { sourcePath } from '../source-option.ts';
import { renderTable } from '../table.ts';

interface SettingsOption {
  settings?: string;
}

/** The file a record comes from, as `routes list` names it: the user's by name, a project's by path. */
export function fileLabel(record: RouteRecord): string {
  return record.source.project === null ? SOURCE_FILE[record.source.kind] : record.source.path;
}

/** The documented `routes list --json` document: one flat object per route record. */
export function routesDocument(settingsPath: string, revision: string, records: readonly RouteRecord[]) {
  return {
    settingsPath,
    revision,
    routes: records.map((r) => ({
      key: r.key,
      id: r.id,
      model: r.settings.model,
      displayName: r.settings.displayName,
      provider: r.settings.provider,
      baseUrl: r.settings.baseUrl,
      index: r.settings.index,
      surface: r.surface,
      apiKey: describeKey(r.settings.key),
      source: fileLabel(r),
      used: r.used,
      ...(r.used ? {} : { reason: r.reason }),
    })),
  };
}

export async function list(ctx: CommandContext, options: SettingsOption & { json?: boolean }): Promise<void> {
  const { io } = ctx;
  await withConnection(io, options, async ({ api }) => {
    const answer = await api.call('routes', {});
    const doc = routesDocument(answer.settingsPath, answer.revision, answer.routes);
    if (options.json) return io.stdout(`${JSON.stringify(doc, null, 2)}\n`);
    if (doc.routes.length === 0) return io.stdout(`No routes yet in ${doc.settingsPath}. Add one with 'routelights routes add'.\n`);
    io.stdout(renderTable(['ID', 'MODEL', 'PROVIDER', 'BASE URL', 'KEY', 'FILE'], doc.routes.map((r) => [r.id, r.model ?? '-', r.provider ?? '-', r.baseUrl ?? '-', r.apiKey ?? '-', r.used ? r.source : `${r.source} (ignored)`]), io.columns));
  });
}

async function readKeyFromStdin(ctx: CommandContext): Promise<string> {
  let text: string;
  try {
    text = await ctx.io.readStdin();
  } catch {
    throw new FailureError({ layer: 'usage', code: 'no-stdin', reason: '--api-key-stdin reads the key from standard input, but standard input is a terminal.', remedy: 'Pipe the key in, e.g. from your password manager: `pbpaste | routelights routes add … --api-key-stdin`.' });
  }
  const key = text.replace(/\r?\n$/, '');
  if (key === '') throw new FailureError({ layer: 'usage', code: 'empty-key', reason: 'Standard input was empty: no key was read.', remedy: 'Pipe the key in with --api-key-stdin, or use --api-key-ref VAR.' });
  return key;
}

async function apiKeyFromOptions(ctx: CommandContext, options: { apiKeyStdin?: boolean; apiKeyRef?: string }): Promise<string | undefined> {
  if (options.apiKeyStdin && options.apiKeyRef) throw new FailureError({ layer: 'usage', code: 'conflicting-options', reason: '--api-key-stdin and --api-key-ref were both given.', remedy: 'Use one of them.' });
  if (options.apiKeyStdin) return readKeyFromStdin(ctx);
  if (options.apiKeyRef !== undefined) {
    if (!isKeyName(options.apiKeyRef)) throw new FailureError({ layer: 'usage', code: 'bad-reference', reason: `${JSON.stringify(options.apiKeyRef)} is not an environment variable name.`, remedy: 'Use letters, digits and underscores, e.g. --api-key-ref ROUTELIGHTS_KEY_LITELLM.' });
    return referenceTo(options.apiKeyRef);
  }
  return undefined;
}

/**
 * Saves one change against the revision just read; prints what was done and in which file (a route's id
 * may be in several: yours, a project's), then the findings about the route now.
 */
async function save(ctx: CommandContext, api: RouteLightsApi, change: RouteChangeRequest, done: (file: string) => string, id: string, force = false): Promise<void> {
  const { revision } = await api.call('routes', {});
  const answer: SaveResponse = await api.call('saveRoutes', { revision, changes: [change], ...(force ? { force } : {}) });
  if (answer.status === 'conflict') throw new FailureError({ layer: 'settings', code: 'conflict', reason: answer.reason, remedy: answer.remedy });
  ctx.io.stderr(`${done(answer.files.join(', '))}${answer.backups.length ? ` (backup: ${answer.backups.join(', ')})` : ''}\n`);
  for (const note of saveNotes(answer, 'Left as they are (--keep-references): change them in the file when you mean to.')) ctx.io.stderr(`${note}\n`);
  const after = await api.call('routes', {});
  for (const f of after.findings.filter((x) => x.routeId === id)) ctx.io.stderr(`${f.severity}: ${f.message}\n  remedy: ${f.remedy}\n`);
}

export async function add(ctx: CommandContext, options: SettingsOption & { id: string; model: string; baseUrl: string; provider: string; displayName?: string; maxOutputTokens?: string; index?: string; field?: string[]; apiKeyStdin?: boolean; apiKeyRef?: string; file?: string; force?: boolean }): Promise<void> {
  const entry: Record<string, unknown> = { model: options.model, id: options.id };
  if (options.index !== undefined) entry.index = orThrow(parseFieldValue('index', options.index));
  entry.baseUrl = options.baseUrl;
  const apiKey = await apiKeyFromOptions(ctx, options);
  if (apiKey !== undefined) entry.apiKey = apiKey;
  if (options.displayName !== undefined) entry.displayName = options.displayName;
  if (options.maxOutputTokens !== undefined) entry.maxOutputTokens = orThrow(parseFieldValue('maxOutputTokens', options.maxOutputTokens));
  entry.provider = options.provider;
  for (const assignment of options.field ?? []) {
    const [name, value] = orThrow(parseFieldAssignment(assignment));
    entry[name] = value;
  }
  const file = sourcePath(options.file, ctx.io, options.settings);
  const target = file ?? resolveSettingsPath(options.settings, ctx.io.env);
  const done = existsSync(target) ? `Added ${options.id} to ${target}` : `Created ${target} with the route ${options.id}`;
  await withConnection(ctx.io, { ...options, mayBeNew: true }, (c) => save(ctx, c.api, { kind: 'add', entry, ...(file ? { file } : {}) }, () => done, options.id, options.force));
}

export async function set(ctx: CommandContext, id: string, options: SettingsOption & { field?: string[]; unset?: string[]; apiKeyStdin?: boolean; apiKeyRef?: string; source?: string; force?: boolean; renameId?: string; keepReferences?: boolean }): Promise<void> {
  const fields: Record<string, unknown> = {};
  for (const assignment of options.field ?? []) {
    const [name, value] = orThrow(parseFieldAssignment(assignment));
    fields[name] = value;
  }
  // An id is what scripts and sessionDefaultSettings name: it moves only when asked by name.
  if ('id' in fields || options.unset?.includes('id')) throw new FailureError({ layer: 'usage', code: 'id-by-field', reason: 'The id is not changed with --field or --unset.', remedy: `Use --rename-id NEW: it renames ${id} and the places in its file that name it, and lists those in other files.` });
  if (options.renameId !== undefined) fields.id = options.renameId;
  const apiKey = await apiKeyFromOptions(ctx, options);
  if (apiKey !== undefined) fields.apiKey = apiKey;
  if (Object.keys(fields).length === 0 && !options.unset?.length) throw new FailureError({ layer: 'usage', code: 'nothing-to-do', reason: 'No change was given.', remedy: 'Add --field NAME=VALUE, --unset NAME, --rename-id NEW, --api-key-stdin or --api-key-ref VAR.' });
  const file = sourcePath(options.source, ctx.io, options.settings);
  const renamed = typeof fields.id === 'string' ? ` (now ${fields.id})` : '';
  await withConnection(ctx.io, options, (c) => save(ctx, c.api, { kind: 'update', id, set: fields, unset: options.unset ?? [], ...(options.renameId !== undefined && !options.keepReferences ? { updateReferences: true } : {}), ...(file ? { file } : {}) }, (where) => `Updated ${id}${renamed} in ${where}`, typeof fields.id === 'string' ? fields.id : id, options.force));
}

export async function remove(ctx: CommandContext, id: string, options: SettingsOption & { source?: string }): Promise<void> {
  const file = sourcePath(options.source, ctx.io, options.settings);
  await withConnection(ctx.io, options, (c) => save(ctx, c.api, { kind: 'remove', id, ...(file ? { file } : {}) }, (where) => `Removed ${id} from ${where}`, id));
}

export async function move(ctx: CommandContext, id: string, options: SettingsOption & { to: string; source?: string }): Promise<void> {
  const to = Number(options.to);
  if (!Number.isInteger(to) || to < 0) throw new FailureError({ layer: 'usage', code: 'bad-index', reason: `--to ${JSON.stringify(options.to)} is not a position.`, remedy: 'Give a whole number from 0 (the first place).' });
  const file = sourcePath(options.source, ctx.io, options.settings);
  await withConnection(ctx.io, options, (c) => save(ctx, c.api, { kind: 'move', id, to, ...(file ? { file } : {}) }, (where) => `Moved ${id} to position ${to} in ${where}`, id));
}

export async function migrate(ctx: CommandContext, options: SettingsOption & { json?: boolean }): Promise<void> {
  await withConnection(ctx.io, options, async ({ api }) => {
    const { steps } = await api.call('migrateLegacy', {});
    if (options.json) return ctx.io.stdout(`${JSON.stringify({ steps }, null, 2)}\n`);
    if (steps.length === 0) return ctx.io.stdout('No legacy routes in config.json: nothing to migrate.\n');
    ctx.io.stdout(renderTable(['ID', 'STATUS', 'DETAIL'], steps.map((s) => [s.id, s.status, s.detail]), ctx.io.columns));
  });
}
