// Route edits by id (add, update, remove, move), each applied to the file the route comes from as a
// minimal text edit and written with the safe write. This is the settings engine's one write path.
import { fail, ok, type Result } from '../model/failure.ts';
import { PLAIN_TEXT_KEY, type Route } from '../model/route.ts';
import { REDACTED, hideUrlSecrets, urlCredentials } from '../model/secret-fields.ts';
import { editEntries, type EntryEdit } from './jsonc-edit.ts';
import { detectFormatting, parseJsonc, type JsoncDocument } from './jsonc-document.ts';
import { legacyFieldName, toLegacyValue } from './legacy.ts';
import { applyEdits, findNodeAtLocation, getNodeValue, modify } from 'jsonc-parser';
import { fileNamed, freeIndex, routesInFile, textsOutsideLists, toRoute, usedIndexes, type RouteMap, type SourceFile } from './route-map.ts';
import { safeWrite, type SafeWriteOptions, type WriteOutcome } from './safe-write.ts';

/** A change names its entry by id and, where the id stands in several files, by the file's path. */
export type RouteChange =
  /** Into `file` (default: the user's settings.json). `supersedesLegacy`: the id may exist in config.json (migration). */
  | { kind: 'add'; entry: Record<string, unknown>; file?: string; supersedesLegacy?: boolean }
  /** A new `id` in `set` renames the route; `updateReferences`: the file's other mentions of the old id follow it. */
  | { kind: 'update'; id: string; set: Record<string, unknown>; unset?: readonly string[]; file?: string; updateReferences?: boolean }
  | { kind: 'remove'; id: string; file?: string }
  | { kind: 'move'; id: string; to: number; file?: string };

export interface ChangeOutcome extends WriteOutcome {
  path: string;
  /** Ids Droid derived from names and order that the edit would have moved: written out as they were, first. */
  pinned: string[];
  /** On a rename: where the file still names the old id (JSON paths such as sessionDefaultSettings.model), and whether they were updated. */
  references: Array<{ oldId: string; file: string; paths: string[]; updated: boolean }>;
}

/** The route an id names: the one Droid uses outside any project when several files define it, unless a file is named. */
export function findRoute(map: RouteMap, id: string, file?: string): Route | undefined {
  const same = map.routes.filter((r) => r.id === id && (file === undefined || r.source.path === file));
  return same.find((r) => r.ignored === undefined && r.source.project === null) ?? same.find((r) => r.ignored === undefined) ?? same[0];
}

function noSuchRoute(map: RouteMap, id: string): Result<never> {
  const known = map.routes.map((r) => r.id);
  return fail({
    layer: 'settings',
    code: 'unknown-route',
    reason: `No route has the id ${JSON.stringify(id)} in ${map.paths.settings}${map.projects.length ? ' or the project folders' : ''}${known.length ? '' : ' (there are no routes yet)'}.`,
    remedy: known.length ? `Use one of: ${known.join(', ')} ('routelights routes list').` : "Add one with 'routelights routes add'.",
  });
}

/** Field names and values as the target file spells them (snake_case and inverted flags in config.json). */
function forFile(file: SourceFile, fields: Record<string, unknown>): Record<string, unknown> {
  if (file.kind !== 'legacy-config') return fields;
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [legacyFieldName(k), toLegacyValue(k, v)]));
}

function emptyDocument(path: string): JsoncDocument {
  return { path, text: '', bom: false, revision: '', root: null, formatting: detectFormatting('') };
}

/** A new entry with an index: the one it asks for, else the next free one in its place (right after the id). */
function withIndex(map: RouteMap, file: SourceFile, entry: Record<string, unknown>): Record<string, unknown> {
  if (entry.index !== undefined) return entry;
  const index = freeIndex(usedIndexes(map, file.project));
  return Object.fromEntries(Object.entries(entry).flatMap(([k, v]) => (k === 'id' ? [[k, v], ['index', index]] : [[k, v]])));
}

function toEntryEdit(map: RouteMap, file: SourceFile, route: Route | undefined, change: RouteChange): EntryEdit {
  switch (change.kind) {
    case 'add':
      return { kind: 'add', entry: withIndex(map, file, change.entry) };
    case 'remove':
      return { kind: 'remove', position: route!.source.position };
    case 'move':
      return { kind: 'move', position: route!.source.position, to: change.to };
    case 'update':
      return {
        kind: 'update',
        position: route!.source.position,
        set: forFile(file, change.set),
        unset: (change.unset ?? []).map((f) => (file.kind === 'legacy-config' ? legacyFieldName(f) : f)),
      };
  }
}

/** Where a change goes: the file, and for an update, the route it changes. */
function targetOf(map: RouteMap, change: RouteChange): Result<{ file: SourceFile; route: Route | undefined }> {
  if (change.kind === 'add') {
    const file = fileNamed(map, change.file, true);
    return file.ok ? ok({ file: file.value, route: undefined }) : file;
  }
  if (change.file !== undefined) {
    const named = fileNamed(map, change.file);
    if (!named.ok) return named;
  }
  const route = findRoute(map, change.id, change.file);
  if (!route) return noSuchRoute(map, change.id);
  const file = fileNamed(map, route.source.path);
  return file.ok ? ok({ file: file.value, route }) : file;
}

/** The route an add or an update would leave, read as RouteLights reads the file (for lint before writing); null otherwise. */
export function routeAfterChange(map: RouteMap, change: RouteChange): Route | null {
  if (change.kind !== 'add' && change.kind !== 'update') return null;
  const target = targetOf(map, change);
  if (!target.ok) return null;
  const { file, route } = target.value;
  if (change.kind === 'add') return toRoute(file, forFile(file, withIndex(map, file, change.entry)), 0);
  const node = file.doc?.root && route ? findNodeAtLocation(file.doc.root, [file.arrayKey, route.source.position]) : undefined;
  const raw = { ...((node ? getNodeValue(node) : {}) as Record<string, unknown>), ...forFile(file, change.set) };
  for (const field of change.unset ?? []) delete raw[file.kind === 'legacy-config' ? legacyFieldName(field) : field];
  return toRoute(file, raw, route!.source.position);
}

/** A value as RouteLights shows a secret ("<plain text>", "‹redacted›"), which must never be written in its place. */
function hiddenIn(value: unknown, path: string): string | null {
  if (typeof value === 'string') {
    // Also as a person might retype it, or as a URL encodes it.
    const seen = (() => {
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    })().trim().toLowerCase();
    return seen === PLAIN_TEXT_KEY || seen.includes(REDACTED) ? path : null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = hiddenIn(v, `${path}.${k}`);
      if (found) return found;
    }
  }
  return null;
}

/** A URL's host name, past its user part and without its port (a new port keeps the credentials, a new host does not). */
const hostOf = (url: string) => url.trim().replace(/^[a-z][a-z0-9+.-]*:\/\/([^/?#]*@)?/i, '').split(/[/?#]/)[0]!.replace(/:\d*$/, '').toLowerCase();

/**
 * A change made from what RouteLights shows: a baseUrl whose hidden user part is kept gets the entry's own
 * back (editing the port keeps the credentials); any other hidden value is refused, never written.
 */
function withHiddenRestored(change: RouteChange, route: Route | undefined): Result<RouteChange> {
  if (change.kind !== 'add' && change.kind !== 'update') return ok(change);
  const fields = change.kind === 'add' ? { ...change.entry } : { ...change.set };
  const credentials = urlCredentials(route?.baseUrl);
  if (typeof fields.baseUrl === 'string' && route?.baseUrl !== undefined && fields.baseUrl === hideUrlSecrets(route.baseUrl)) fields.baseUrl = route.baseUrl;
  // The user part comes back only to the host it was written for: credentials never follow a URL elsewhere.
  else if (typeof fields.baseUrl === 'string' && credentials !== null && urlCredentials(fields.baseUrl) === REDACTED && hostOf(fields.baseUrl) === hostOf(route!.baseUrl!)) fields.baseUrl = fields.baseUrl.replace(`${REDACTED}@`, `${credentials}@`);
  for (const [name, value] of Object.entries(fields)) {
    const where = hiddenIn(value, name);
    if (where) return fail({ layer: 'usage', code: 'hidden-value', reason: `"${where}" holds ${JSON.stringify(PLAIN_TEXT_KEY)} or ${JSON.stringify(REDACTED)}, which is how RouteLights shows a secret it hides, not the secret itself: writing it would replace the real value.`, remedy: `Leave that field out of the change to keep what the file holds, or give the real value (for a key, a \${NAME} reference: routelights keys set NAME).` });
  }
  return ok(change.kind === 'add' ? { ...change, entry: fields } : { ...change, set: fields });
}

/** Where an entry at `position` stands after the change; null when the change removes it. */
function positionAfter(change: RouteChange, route: Route | undefined, position: number, count: number): number | null {
  if (change.kind === 'remove') return position === route!.source.position ? null : position > route!.source.position ? position - 1 : position;
  if (change.kind !== 'move') return position;
  const from = route!.source.position;
  // A place past the end is the end, as the move itself takes it.
  const to = Math.min(change.to, count - 1);
  if (position === from) return to;
  if (from < position && position <= to) return position - 1;
  if (to <= position && position < from) return position + 1;
  return position;
}

/**
 * The entries whose derived id (Droid's `custom:<name>-<n>`) the edit would move, other than the one the
 * change renames on purpose. Ids are what Droid is told in scripts and in sessionDefaultSettings: they
 * never move unasked.
 */
function idsMoved(file: SourceFile, text: string, change: RouteChange, route: Route | undefined): Route[] {
  const after = parseJsonc(file.path, new TextEncoder().encode(text));
  if (!after.ok) return [];
  const now = routesInFile({ ...file, doc: after.value });
  const renamed = change.kind === 'update' && typeof change.set.id === 'string' ? route!.source.position : null;
  const list = file.doc?.root ? findNodeAtLocation(file.doc.root, [file.arrayKey]) : undefined;
  const count = list?.children?.length ?? 0;
  return routesInFile(file).filter((before) => {
    if (!before.idDerived || before.ignored?.kind === 'dropped' || before.source.position === renamed) return false;
    const position = positionAfter(change, route, before.source.position, count);
    return position !== null && now.find((r) => r.source.position === position)?.id !== before.id;
  });
}

/** Writes each moved entry's id (and an index where it has none) as Droid derived it, before the change. */
function pinIds(map: RouteMap, file: SourceFile, doc: JsoncDocument, moved: readonly Route[]): Result<JsoncDocument> {
  let current = doc;
  const used = usedIndexes(map, file.project);
  for (const route of moved) {
    const index = route.index ?? freeIndex(used, Number(/-(\d+)$/.exec(route.id)?.[1] ?? 0));
    used.push(index);
    const edited = editEntries(current, file.arrayKey, { kind: 'update', position: route.source.position, set: { id: route.id, index }, unset: [] });
    if (!edited.ok) return edited;
    const parsed = parseJsonc(file.path, new TextEncoder().encode(edited.value));
    if (!parsed.ok) return parsed;
    current = parsed.value;
  }
  return ok(current);
}

/** JSON paths outside the route lists whose value is exactly `id` (model, sessionDefaultSettings.model, mission models…). */
function mentionsOf(file: SourceFile, id: string): Array<Array<string | number>> {
  return textsOutsideLists(file).filter((t) => t.value === id).map((t) => t.path);
}

/** An id is renamed to another id, never removed or emptied (it would then move); config.json cannot hold one. */
function idChangeRefused(change: RouteChange, file: SourceFile): Result<never> | null {
  if (change.kind !== 'update') return null;
  if (change.unset?.includes('id') || (change.set.id !== undefined && (typeof change.set.id !== 'string' || change.set.id.trim() === ''))) {
    return fail({ layer: 'usage', code: 'id-removed', reason: 'The change would remove the id: Droid would then derive another one from the display name and order.', remedy: 'Keep the id, or give the new one (routelights routes set ID --rename-id NEW).' });
  }
  if (change.set.id !== undefined && file.kind === 'legacy-config') {
    return fail({ layer: 'settings', code: 'id-would-move', reason: 'config.json cannot hold ids: Droid derives them from display names and order there (measured), and ignores an "id" written in it.', remedy: "Move the routes into settings.json first (routelights routes migrate keeps their ids), then rename." });
  }
  return null;
}

/** Applies one change to the map's files on disk; refuses when a file changed since the map was read. */
export async function applyRouteChange(map: RouteMap, asked: RouteChange, options: SafeWriteOptions = {}): Promise<Result<ChangeOutcome>> {
  const target = targetOf(map, asked);
  if (!target.ok) return target;
  const { file, route } = target.value;
  const restored = withHiddenRestored(asked, route);
  if (!restored.ok) return restored;
  const change = restored.value;
  const refused = idChangeRefused(change, file);
  if (refused) return refused;
  if (change.kind === 'add') {
    const id = change.entry.id;
    if (typeof id !== 'string' || id.trim() === '') {
      return fail({ layer: 'usage', code: 'missing-id', reason: 'A new route needs an id.', remedy: "Give one with --id, in the form 'custom:<Name>-<index>'." });
    }
    if (map.routes.some((r) => r.id === id && r.source.project === file.project && !(change.supersedesLegacy && r.source.kind === 'legacy-config'))) {
      return fail({
        layer: 'settings',
        code: 'duplicate-id',
        reason: `A route with the id ${JSON.stringify(id)} already exists (${findRoute(map, id)?.source.path}).`,
        remedy: "Pick another id, or change the existing route with 'routelights routes set'.",
      });
    }
  }

  if (route?.ignored?.kind === 'dropped' && route.ignored.otherList) {
    return fail({ layer: 'settings', code: 'not-editable', reason: `${route.id} stands in "${route.ignored.otherList}" of ${file.path}, a list Droid does not read there, so RouteLights does not edit it.`, remedy: route.ignored.remedy });
  }
  const original = file.doc ?? emptyDocument(file.path);
  const first = editEntries(original, file.arrayKey, toEntryEdit(map, file, route, change));
  if (!first.ok) return first;
  const moved = idsMoved(file, first.value, change, route);
  if (moved.length > 0 && file.kind === 'legacy-config') {
    return fail({ layer: 'settings', code: 'id-would-move', reason: `The change would move the id${moved.length > 1 ? 's' : ''} ${moved.map((r) => r.id).join(', ')}: config.json cannot hold ids (Droid derives them from display names and order there, measured), so nothing was written.`, remedy: "Move the routes into settings.json first (routelights routes migrate keeps their ids), then make the change." });
  }
  const pinned = moved.length > 0 ? pinIds(map, file, original, moved) : ok(original);
  if (!pinned.ok) return pinned;
  const doc = pinned.value;
  const edited = moved.length > 0 ? editEntries(doc, file.arrayKey, toEntryEdit(map, file, route, change)) : first;
  if (!edited.ok) return edited;
  let text = edited.value;
  const references: ChangeOutcome['references'] = [];
  if (change.kind === 'update' && route && typeof change.set.id === 'string' && change.set.id !== route.id) {
    // Every file of the route's place may name it (a local route is often the default in settings.json); its own file can follow in this write.
    for (const other of map.files.filter((f) => f.project === file.project && f.kind !== 'legacy-config')) {
      const paths = mentionsOf(other, route.id);
      if (paths.length === 0) continue;
      const updated = other.path === file.path && !!change.updateReferences;
      if (updated) for (const path of paths) text = applyEdits(text, modify(text, path, change.set.id, { formattingOptions: doc.formatting }));
      references.push({ oldId: route.id, file: other.path, paths: paths.map((p) => p.join('.')), updated });
    }
  }
  const check = parseJsonc(file.path, new TextEncoder().encode(text));
  if (!check.ok) {
    return fail({ layer: 'settings', code: 'internal', reason: `The edit would not leave ${file.path} parseable; nothing was written.`, remedy: 'Report this as a bug, with the file if you can share it.' });
  }
  const written = await safeWrite(file.path, (doc.bom ? '\uFEFF' : '') + text, file.doc ? file.doc.revision : null, { backupDir: file.backupDir, ...options });
  return written.ok ? ok({ ...written.value, path: file.path, pinned: moved.map((r) => r.id), references }) : written;
}
