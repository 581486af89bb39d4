// Loads every file Droid reads routes from (settings.json, settings.local.json, legacy config.json)
// into one route map: each route marked with its file and position, clashes resolved as Droid does.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { findNodeAtLocation, getNodeValue } from 'jsonc-parser';
import type { Finding } from '../model/finding.ts';
import { fail, ok, type Result } from '../model/failure.ts';
import { KNOWN_FIELDS, type Route, type RouteSourceKind } from '../model/route.ts';
import { fsFailure } from './fs-failure.ts';
import { lineColumn, parseJsonc, trailingCommas, type JsoncDocument } from './jsonc-document.ts';
import { derivedCustomId, derivedIdName, fromLegacyEntry, LEGACY_ARRAY_KEY } from './legacy.ts';
import { settingsPaths, type SettingsPaths } from './paths.ts';

export interface SourceFile {
  kind: RouteSourceKind;
  path: string;
  arrayKey: string;
  /** Null when the file does not exist. */
  doc: JsoncDocument | null;
}

export interface RouteMap {
  paths: SettingsPaths;
  files: SourceFile[];
  /** Every route of every file, in Droid's reading order; shadowed ones are marked, not dropped. */
  routes: Route[];
  /** Problems with a whole file or a non-object entry, reported by lint. */
  problems: Finding[];
  /** One hash over all files' revisions: changes when any of them changes on disk. */
  revision: string;
}


async function readSource(kind: RouteSourceKind, path: string): Promise<Result<SourceFile>> {
  const arrayKey = kind === 'legacy-config' ? LEGACY_ARRAY_KEY : 'customModels';
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok({ kind, path, arrayKey, doc: null });
    return fail(fsFailure('reading', path, error));
  }
  const parsed = parseJsonc(path, bytes);
  return parsed.ok ? ok({ kind, path, arrayKey, doc: parsed.value }) : parsed;
}

const FIELD_TYPES: Record<string, 'string' | 'integer' | 'boolean'> = {
  model: 'string',
  id: 'string',
  index: 'integer',
  baseUrl: 'string',
  apiKey: 'string',
  displayName: 'string',
  maxOutputTokens: 'integer',
  noImageSupport: 'boolean',
  provider: 'string',
};

function fieldMatches(value: unknown, type: 'string' | 'integer' | 'boolean'): boolean {
  return type === 'integer' ? Number.isInteger(value) : typeof value === type;
}

function toRoute(file: SourceFile, raw: Record<string, unknown>, position: number, names: Map<string, number>): Route {
  const entry = file.kind === 'legacy-config' ? fromLegacyEntry(raw) : raw;
  const known: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  const schemaIssues: string[] = [];
  for (const [key, value] of Object.entries(entry)) {
    const type = FIELD_TYPES[key];
    if (!type) extra[key] = value;
    else if (fieldMatches(value, type)) known[key] = value;
    else schemaIssues.push(`"${key}" should be ${type === 'integer' ? 'a whole number' : `a ${type}`}, found ${JSON.stringify(value)}`);
  }
  const written = typeof known.id === 'string' && known.id.trim() !== '' ? known.id : null;
  const name = derivedIdName(known.displayName as string | undefined, known.model as string | undefined);
  const occurrence = names.get(name) ?? 0;
  if (!written) names.set(name, occurrence + 1);
  const route: Route = {
    id: written ?? derivedCustomId(name, occurrence),
    idDerived: written === null,
    extra,
    source: { kind: file.kind, path: file.path, position },
    schemaIssues,
  };
  for (const field of KNOWN_FIELDS) {
    if (field !== 'id' && known[field] !== undefined) Object.assign(route, { [field]: known[field] });
  }
  return route;
}

function trailingCommaProblem(file: SourceFile): Finding | null {
  const commas = file.doc ? trailingCommas(file.doc.text) : [];
  if (commas.length === 0) return null;
  const places = commas.slice(0, 5).map((offset) => {
    const { line, column } = lineColumn(file.doc!.text, offset);
    return `${line}:${column}`;
  });
  return {
    rule: 'trailing-comma',
    severity: 'error',
    routeId: null,
    file: file.path,
    message: `${file.path} has ${commas.length} trailing comma(s) (at ${places.join(', ')}${commas.length > 5 ? ', …' : ''}). Droid accepts comments but not trailing commas: it ignores every route in this file ("No custom models configured").`,
    remedy: `Remove those commas, or run 'routelights lint --fix' to remove them with a backup.`,
  };
}

function routesOf(file: SourceFile, problems: Finding[]): Route[] {
  const commaProblem = trailingCommaProblem(file);
  if (commaProblem) problems.push(commaProblem);
  if (!file.doc?.root) return [];
  const node = findNodeAtLocation(file.doc.root, [file.arrayKey]);
  if (!node) return [];
  if (node.type !== 'array') {
    problems.push({
      rule: 'routes-not-a-list',
      severity: 'error',
      routeId: null,
      file: file.path,
      message: `"${file.arrayKey}" in ${file.path} is a ${node.type}, not a list; Droid will see no routes there.`,
      remedy: `Make "${file.arrayKey}" a list: "${file.arrayKey}": [ { … } ].`,
    });
    return [];
  }
  const routes: Route[] = [];
  const names = new Map<string, number>();
  (node.children ?? []).forEach((child, position) => {
    const value: unknown = getNodeValue(child);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.push({
        rule: 'entry-not-an-object',
        severity: 'error',
        routeId: null,
        file: file.path,
        message: `Entry ${position} of "${file.arrayKey}" in ${file.path} is not an object.`,
        remedy: 'Remove it or turn it into a route object with model, id, baseUrl and provider.',
      });
      return;
    }
    routes.push(toRoute(file, value as Record<string, unknown>, position, names));
  });
  return routes;
}

function definesRoutes(file: SourceFile | undefined): boolean {
  return !!file?.doc?.root && findNodeAtLocation(file.doc.root, [file.arrayKey]) !== undefined;
}

/**
 * Marks what Droid 0.225 does not use (measured, docs/droid-notes.md): settings.local.json's
 * `customModels`, when present, replaces settings.json's whole list; legacy config.json routes are
 * added after, and an id that is already there wins over the legacy one.
 */
function markShadowed(files: SourceFile[], routes: Route[], problems: Finding[]): void {
  const local = files.find((f) => f.kind === 'settings.local');
  const hidden = routes.filter((r) => r.source.kind === 'settings');
  if (definesRoutes(local) && hidden.length > 0) {
    for (const route of hidden) route.shadowedBy = 'settings.local';
    problems.push({
      rule: 'local-replaces-settings',
      severity: 'warning',
      routeId: null,
      file: local!.path,
      message: `${local!.path} has its own "customModels", so Droid ignores all ${hidden.length} route(s) of settings.json (${hidden.map((r) => r.id).join(', ')}).`,
      remedy: 'Keep routes in one of the two files: move them into settings.local.json, or remove "customModels" from it.',
    });
  }
  const active = new Map(routes.filter((r) => r.source.kind !== 'legacy-config' && !r.shadowedBy).map((r) => [r.id, r]));
  for (const route of routes) {
    if (route.source.kind !== 'legacy-config') continue;
    const winner = active.get(route.id);
    if (winner) route.shadowedBy = winner.source.kind;
    else active.set(route.id, route);
  }
}

/** Reads all three files; a file that cannot be read or parsed fails the whole load, naming that file. */
export async function loadRouteMap(settingsPath: string): Promise<Result<RouteMap>> {
  const paths = settingsPaths(settingsPath);
  const sources: Array<[RouteSourceKind, string]> = [
    ['settings', paths.settings],
    ['settings.local', paths.local],
    ['legacy-config', paths.legacy],
  ];
  const files: SourceFile[] = [];
  for (const [kind, path] of sources) {
    const read = await readSource(kind, path);
    if (!read.ok) return read;
    files.push(read.value);
  }
  const problems: Finding[] = [];
  const routes = files.flatMap((file) => routesOf(file, problems));
  markShadowed(files, routes, problems);
  const revision = createHash('sha256')
    .update(files.map((f) => `${f.kind}=${f.doc?.revision ?? 'absent'}`).join(';'))
    .digest('hex')
    .slice(0, 16);
  return ok({ paths, files, routes, problems, revision });
}

/** The indexes the routes of settings.json and settings.local.json hold (legacy ids are derived without them). */
export function usedIndexes(map: RouteMap): number[] {
  return map.routes.filter((r) => r.source.kind !== 'legacy-config' && r.index !== undefined).map((r) => r.index!);
}

/** The wanted index when it is free, else one past the highest in use. */
export function freeIndex(used: readonly number[], wanted?: number | null): number {
  return wanted !== undefined && wanted !== null && !used.includes(wanted) ? wanted : Math.max(-1, ...used) + 1;
}

/** The routes Droid will actually use: shadowed duplicates left out. */
export function effectiveRoutes(map: RouteMap): Route[] {
  return map.routes.filter((route) => route.shadowedBy === undefined);
}
