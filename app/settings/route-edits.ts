// Route edits by id (add, update, remove, move), each applied to the file the route comes from as a
// minimal text edit and written with the safe write. This is the settings engine's one write path.
import { fail, ok, type Result } from '../model/failure.ts';
import type { Route, RouteSourceKind } from '../model/route.ts';
import { editEntries, type EntryEdit } from './jsonc-edit.ts';
import { detectFormatting, parseJsonc, type JsoncDocument } from './jsonc-document.ts';
import { legacyFieldName, toLegacyValue } from './legacy.ts';
import type { RouteMap, SourceFile } from './route-map.ts';
import { safeWrite, type SafeWriteOptions, type WriteOutcome } from './safe-write.ts';

export type RouteChange =
  /** `supersedesLegacy`: the id may exist in config.json (migration puts the route in settings.json). */
  | { kind: 'add'; entry: Record<string, unknown>; supersedesLegacy?: boolean }
  | { kind: 'update'; id: string; set: Record<string, unknown>; unset?: readonly string[]; source?: RouteSourceKind }
  | { kind: 'remove'; id: string; source?: RouteSourceKind }
  | { kind: 'move'; id: string; to: number; source?: RouteSourceKind };

export interface ChangeOutcome extends WriteOutcome {
  path: string;
}

/** The route an id names: the one Droid uses when several files define it, unless a file is named. */
export function findRoute(map: RouteMap, id: string, source?: RouteSourceKind): Route | undefined {
  const same = map.routes.filter((r) => r.id === id && (source === undefined || r.source.kind === source));
  return same.find((r) => r.shadowedBy === undefined) ?? same[0];
}

function noSuchRoute(map: RouteMap, id: string): Result<never> {
  const known = map.routes.map((r) => r.id);
  return fail({
    layer: 'settings',
    code: 'unknown-route',
    reason: `No route has the id ${JSON.stringify(id)} in ${map.paths.settings}${known.length ? '' : ' (it has no routes yet)'}.`,
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

function toEntryEdit(file: SourceFile, route: Route | undefined, change: RouteChange): EntryEdit {
  switch (change.kind) {
    case 'add':
      return { kind: 'add', entry: change.entry };
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

/** Applies one change to the map's files on disk; refuses when a file changed since the map was read. */
export async function applyRouteChange(map: RouteMap, change: RouteChange, options: SafeWriteOptions = {}): Promise<Result<ChangeOutcome>> {
  let route: Route | undefined;
  let file: SourceFile | undefined;
  if (change.kind === 'add') {
    const id = change.entry.id;
    if (typeof id !== 'string' || id.trim() === '') {
      return fail({ layer: 'usage', code: 'missing-id', reason: 'A new route needs an id.', remedy: "Give one with --id, in the form 'custom:<Name>-<index>'." });
    }
    if (map.routes.some((r) => r.id === id && !(change.supersedesLegacy && r.source.kind === 'legacy-config'))) {
      return fail({
        layer: 'settings',
        code: 'duplicate-id',
        reason: `A route with the id ${JSON.stringify(id)} already exists (${findRoute(map, id)?.source.path}).`,
        remedy: "Pick another id, or change the existing route with 'routelights routes set'.",
      });
    }
    file = map.files.find((f) => f.kind === 'settings');
  } else {
    route = findRoute(map, change.id, change.source);
    if (!route) return noSuchRoute(map, change.id);
    file = map.files.find((f) => f.kind === route!.source.kind);
  }
  if (!file) return fail({ layer: 'settings', code: 'internal', reason: 'The route map has no settings file.', remedy: 'Report this as a bug.' });

  const doc = file.doc ?? emptyDocument(file.path);
  const edited = editEntries(doc, file.arrayKey, toEntryEdit(file, route, change));
  if (!edited.ok) return edited;
  const check = parseJsonc(file.path, new TextEncoder().encode(edited.value));
  if (!check.ok) {
    return fail({ layer: 'settings', code: 'internal', reason: `The edit would not leave ${file.path} parseable; nothing was written.`, remedy: 'Report this as a bug, with the file if you can share it.' });
  }
  const written = await safeWrite(file.path, (doc.bom ? '\uFEFF' : '') + edited.value, file.doc ? file.doc.revision : null, options);
  return written.ok ? ok({ ...written.value, path: file.path }) : written;
}
