// Loads every file Droid reads routes from into one route map: the user's settings.json,
// settings.local.json and legacy config.json, and each project's `.factory/settings.json` and
// `.factory/settings.local.json`. Each route is marked with its file and position, and entries Droid
// does not use are marked as Droid decides it (measured: docs/droid-notes.md), never dropped.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { findNodeAtLocation, getNodeValue } from 'jsonc-parser';
import type { Finding } from '../model/finding.ts';
import { fail, ok, type Result } from '../model/failure.ts';
import { fieldMatches, KNOWN_FIELDS, PROVIDERS, ROUTE_FIELDS, routeKey, SOURCE_FILE, type Ignored, type Route, type RouteSourceKind } from '../model/route.ts';
import { findSecretFields, holdsPlainKey, isPlainSecret } from '../model/secret-fields.ts';
import { redactor } from '../secrets/redact.ts';
import { fsFailure } from './fs-failure.ts';
import { lineColumn, parseJsonc, trailingCommas, type JsoncDocument } from './jsonc-document.ts';
import { derivedCustomId, derivedIdName, fromLegacyEntry, LEGACY_ARRAY_KEY } from './legacy.ts';
import { backupDirFor, projectPaths, settingsPaths, type SettingsPaths } from './paths.ts';

/** What to read: the user's settings file (its two neighbours follow) and the project folders. */
export interface RouteSources {
  settingsPath: string;
  projects: readonly string[];
  /** Where backups of project files go (the data folder's backups/). */
  backupRoot: string;
  /** Field names the user marks as secret (ROUTELIGHTS_SECRET_FIELDS), besides those found by name. */
  markedSecrets?: readonly string[];
}

export interface SourceFile {
  kind: RouteSourceKind;
  path: string;
  /** The project folder for a project's files; null for the user's. */
  project: string | null;
  arrayKey: string;
  /** Null when the file does not exist. */
  doc: JsoncDocument | null;
  /** Its permission bits (null when it does not exist). */
  mode: number | null;
  backupDir: string;
}

export interface RouteMap {
  paths: SettingsPaths;
  projects: string[];
  files: SourceFile[];
  /** Every route of every file, in Droid's reading order per place; ignored ones are marked, not dropped. */
  routes: Route[];
  /** Problems with a whole file or a non-object entry, reported by lint. */
  problems: Finding[];
  /** One hash over all files' revisions: changes when any of them changes on disk. */
  revision: string;
}

/** The list a file of this kind holds its routes in, and the one of the other kind that Droid does not read there. */
const LIST = { settings: 'customModels', legacy: LEGACY_ARRAY_KEY } as const;

async function readSource(kind: RouteSourceKind, path: string, project: string | null, backupRoot: string): Promise<Result<SourceFile>> {
  const arrayKey = kind === 'legacy-config' ? LIST.legacy : LIST.settings;
  const base = { kind, path, project, arrayKey, backupDir: backupDirFor(path, project, backupRoot) };
  let bytes: Buffer;
  let mode: number;
  try {
    [bytes, mode] = await Promise.all([fs.readFile(path), fs.stat(path).then((stat) => stat.mode & 0o777)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok({ ...base, doc: null, mode: null });
    return fail(fsFailure('reading', path, error));
  }
  const parsed = parseJsonc(path, bytes);
  return parsed.ok ? ok({ ...base, doc: parsed.value, mode }) : parsed;
}

const otherList = (file: SourceFile) => (file.arrayKey === LIST.settings ? LIST.legacy : LIST.settings);

/** Why Droid leaves an entry out of its model list, or null (measured, 0.225.2: docs/droid-notes.md). */
function droppedEntry(file: SourceFile, entry: Record<string, unknown>): Ignored | null {
  const remedy = "Add what is missing (routelights lint names it), or remove the entry.";
  if (typeof entry.model !== 'string') return { kind: 'dropped', why: 'it has no "model" text', remedy };
  if (typeof entry.baseUrl !== 'string') return { kind: 'dropped', why: 'it has no "baseUrl"', remedy };
  if (entry.provider === undefined) return { kind: 'dropped', why: 'it has no "provider"', remedy };
  // In settings files an unknown provider costs the whole file instead (unknownProviderProblem).
  if (file.kind === 'legacy-config' && !(PROVIDERS as readonly unknown[]).includes(entry.provider)) return { kind: 'dropped', why: `its provider ${JSON.stringify(entry.provider)} is not one Droid knows`, remedy: `Use one of ${PROVIDERS.join(', ')}.` };
  return null;
}

/**
 * An entry of a file as RouteLights reads it; `names` and `ids` count the earlier entries of the same
 * file (derived ids, repeats). `list`: the list it stands in (snake_case fields in config.json's).
 */
export function toRoute(file: SourceFile, raw: Record<string, unknown>, position: number, names = new Map<string, number>(), ids = new Map<string, number>(), list = file.arrayKey): Route {
  const entry = list === LIST.legacy ? fromLegacyEntry(raw) : raw;
  const known: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  const schemaIssues: string[] = [];
  for (const [key, value] of Object.entries(entry)) {
    const type = (ROUTE_FIELDS as Record<string, (typeof ROUTE_FIELDS)[keyof typeof ROUTE_FIELDS]>)[key];
    if (!type) extra[key] = value;
    else if (fieldMatches(value, type)) known[key] = value;
    else schemaIssues.push(`"${key}" should be ${type === 'integer' ? 'a whole number' : `a ${type}`}, found ${JSON.stringify(value)}`);
  }
  // config.json's ids are always derived: Droid ignores an "id" written there (measured).
  const written = list !== LIST.legacy && typeof known.id === 'string' && known.id.trim() !== '' ? known.id : null;
  const name = derivedIdName(known.displayName as string | undefined, known.model as string | undefined);
  const occurrence = names.get(name) ?? 0;
  const dropped = list === file.arrayKey ? droppedEntry(file, entry) : { kind: 'dropped' as const, why: `it stands in "${list}", a list Droid does not read in ${SOURCE_FILE[file.kind]}`, remedy: `Move it into "${file.arrayKey}"${file.kind === 'legacy-config' ? ' of settings.json (routelights routes migrate moves config.json\'s routes)' : ''}; RouteLights does not edit it where it is.`, otherList: list };
  // Droid numbers every entry it keeps under a name, those with an id of their own too (measured).
  if (!dropped) names.set(name, occurrence + 1);
  const id = written ?? derivedCustomId(name, occurrence);
  const repeat = ids.get(id) ?? 0;
  ids.set(id, repeat + 1);
  const route: Route = {
    key: routeKey(file.path, id, repeat),
    id,
    idDerived: written === null,
    extra,
    source: { kind: file.kind, path: file.path, position, project: file.project },
    schemaIssues,
    ...(dropped ? { ignored: dropped } : {}),
  };
  for (const field of KNOWN_FIELDS) {
    if (field !== 'id' && known[field] !== undefined) Object.assign(route, { [field]: known[field] });
  }
  return route;
}

/** A file holding a key in plain text that other users of the machine can read. */
function readableByOthers(file: SourceFile, routes: readonly Route[]): Finding | null {
  if (file.mode === null || (file.mode & 0o077) === 0) return null;
  const mine = routes.filter((r) => r.source.path === file.path);
  const plain = mine.filter((r) => holdsPlainKey(r.apiKey) || r.secrets?.some(isPlainSecret));
  if (plain.length === 0) return null;
  const who = [file.mode & 0o070 ? 'its group' : '', file.mode & 0o007 ? 'every user of this machine' : ''].filter(Boolean).join(' and ');
  return {
    rule: 'key-file-readable',
    severity: 'warning',
    routeId: null,
    routeKey: null,
    file: file.path,
    message: `${file.path} holds ${plain.length === 1 ? 'a key' : 'keys'} in plain text (${plain.map((r) => r.id).slice(0, 3).join(', ')}${plain.length > 3 ? ', …' : ''}) and is readable by ${who} (mode ${file.mode.toString(8).padStart(4, '0')}).`,
    remedy: `Make it private: chmod 600 ${file.path}; better, move the keys to the Keychain: routelights keys move.`,
  };
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
    routeKey: null,
    file: file.path,
    message: `${file.path} has ${commas.length} trailing comma(s) (at ${places.join(', ')}${commas.length > 5 ? ', …' : ''}). Droid accepts comments but not trailing commas: it ignores every route in this file ("No custom models configured").`,
    remedy: `Remove those commas, or run 'routelights lint --fix' to remove them with a backup.`,
  };
}

/**
 * A settings file with an entry whose provider Droid does not know: Droid then reads none of the file's
 * routes, as with a trailing comma (measured, 0.225.2: "No custom models configured"; in config.json
 * only that entry is left out).
 */
function unknownProviderProblem(file: SourceFile): Finding | null {
  if (file.kind === 'legacy-config' || !file.doc?.root) return null;
  const list = findNodeAtLocation(file.doc.root, [file.arrayKey]);
  const entries = list?.type === 'array' ? (list.children ?? []).map((child) => getNodeValue(child) as unknown) : [];
  const at = entries.findIndex((e) => !!e && typeof e === 'object' && typeof (e as { provider?: unknown }).provider === 'string' && !(PROVIDERS as readonly string[]).includes((e as { provider: string }).provider));
  if (at < 0) return null;
  const provider = (entries[at] as { provider: string }).provider;
  return {
    rule: 'unknown-provider-skips-file',
    severity: 'error',
    routeId: null,
    routeKey: null,
    file: file.path,
    message: `Entry ${at + 1} of ${file.path} has the provider ${JSON.stringify(provider)}, which Droid does not know: Droid then ignores every route in this file ("No custom models configured"), not only that one.`,
    remedy: `Give that entry one of ${PROVIDERS.join(', ')} (generic-chat-completion-api for most OpenAI-compatible endpoints), or remove it.`,
  };
}

/** The problem that makes Droid skip a whole file (a trailing comma, an unknown provider), or null. */
const skipProblems = new WeakMap<SourceFile, Finding | null>();
function skipProblem(file: SourceFile): Finding | null {
  if (!skipProblems.has(file)) skipProblems.set(file, trailingCommaProblem(file) ?? unknownProviderProblem(file));
  return skipProblems.get(file)!;
}

/** The rules of a problem that makes Droid skip the whole file it names. */
export const SKIPS_FILE = new Set(['trailing-comma', 'unknown-provider-skips-file']);

function routesOf(file: SourceFile, problems: Finding[]): Route[] {
  const skipped = skipProblem(file);
  if (skipped) problems.push(skipped);
  if (!file.doc?.root) return [];
  const node = findNodeAtLocation(file.doc.root, [file.arrayKey]);
  if (node && node.type !== 'array') {
    problems.push({
      rule: 'routes-not-a-list',
      severity: 'error',
      routeId: null,
      routeKey: null,
      file: file.path,
      message: `"${file.arrayKey}" in ${file.path} is a ${node.type}, not a list; Droid will see no routes there.`,
      remedy: `Make "${file.arrayKey}" a list: "${file.arrayKey}": [ { … } ].`,
    });
    return [];
  }
  const routes: Route[] = [];
  const names = new Map<string, number>();
  const ids = new Map<string, number>();
  (node?.children ?? []).forEach((child, position) => {
    const value: unknown = getNodeValue(child);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.push({
        rule: 'entry-not-an-object',
        severity: 'error',
        routeId: null,
        routeKey: null,
        file: file.path,
        message: `Entry ${position} of "${file.arrayKey}" in ${file.path} is not an object.`,
        remedy: 'Remove it or turn it into a route object with model, id, baseUrl and provider.',
      });
      return;
    }
    routes.push(toRoute(file, value as Record<string, unknown>, position, names, ids));
  });
  const other = findNodeAtLocation(file.doc.root, [otherList(file)]);
  if (other?.type === 'array' && (other.children?.length ?? 0) > 0) {
    problems.push({
      rule: 'routes-in-other-list',
      severity: 'warning',
      routeId: null,
      routeKey: null,
      file: file.path,
      message: `${file.path} holds ${other.children!.length} route(s) in "${otherList(file)}", a list Droid reads only in ${file.kind === 'legacy-config' ? 'settings.json' : 'config.json'}: Droid ignores them all here (measured).`,
      remedy: file.kind === 'legacy-config' ? `Move them into "customModels" of settings.json.` : `Move them into "${file.arrayKey}", written the settings.json way (camelCase: displayName, baseUrl, apiKey).`,
    });
    (other.children ?? []).forEach((child, position) => {
      const value: unknown = getNodeValue(child);
      if (value && typeof value === 'object' && !Array.isArray(value)) routes.push(toRoute(file, value as Record<string, unknown>, position, new Map(), ids, otherList(file)));
    });
  }
  return routes;
}

const entryOf = (route: Route) => ({ key: route.key, path: route.source.path, position: route.source.position });

/** The routes in a file's own list, as Droid reads them (derived ids counted as it counts them). */
export function routesInFile(file: SourceFile): Route[] {
  return routesOf(file, []).filter((r) => r.ignored?.kind !== 'dropped' || r.ignored.otherList === undefined);
}

/** A file Droid reads: it exists, parses, has no trailing comma and no unknown provider (either and Droid skips it whole). */
function readByDroid(file: SourceFile | undefined): boolean {
  return !!file?.doc && skipProblem(file) === null;
}

function definesRoutes(file: SourceFile | undefined): boolean {
  return readByDroid(file) && !!file!.doc!.root && findNodeAtLocation(file!.doc!.root, [file!.arrayKey]) !== undefined;
}

/**
 * Marks what Droid 0.225 does not use, in one place (the user's folder, or one project): a
 * settings.local.json with `customModels` replaces its folder's settings.json list; the legacy
 * config.json comes after; the first entry with an id wins. A project's entries come before the user's
 * when Droid runs in that project, so a project never hides a user entry outside it.
 */
function markIgnored(place: SourceFile[], routes: Route[], problems: Finding[]): void {
  const main = place.find((f) => f.kind === 'settings' || f.kind === 'project');
  const local = place.find((f) => f.kind === 'settings.local' || f.kind === 'project.local');
  const paths = new Set(place.map((f) => f.path));
  const inPlace = routes.filter((r) => paths.has(r.source.path));
  const replaced = definesRoutes(local) ? inPlace.filter((r) => r.source.path === main?.path) : [];
  const skipped = skippedPaths(place);
  const replacedKeys = new Set(replaced.map((r) => r.key));
  const winners = new Map<string, Route>();
  for (const route of inPlace) {
    // An entry of a file Droid skips (a trailing comma) wins nothing; it stays red, see health/classify.ts.
    // One Droid leaves out wins nothing either, and stays marked as it is.
    if (replacedKeys.has(route.key) || skipped.has(route.source.path) || route.ignored) continue;
    const winner = winners.get(route.id);
    if (winner) route.ignored = { kind: 'replaced', by: { kind: winner.source.kind, path: winner.source.path }, wholeList: false, instead: entryOf(winner) };
    else winners.set(route.id, route);
  }
  for (const route of replaced.filter((r) => !r.ignored)) {
    const winner = winners.get(route.id);
    route.ignored = { kind: 'replaced', by: { kind: local!.kind, path: local!.path }, wholeList: true, instead: winner ? entryOf(winner) : null };
  }
  if (replaced.length > 0) {
    problems.push({
      rule: 'local-replaces-settings',
      severity: 'warning',
      routeId: null,
      routeKey: null,
      file: local!.path,
      message: `${local!.path} has its own "customModels", so Droid ignores all ${replaced.length} route(s) of ${main!.path} (${replaced.map((r) => r.id).join(', ')}).`,
      remedy: `Keep routes in one of the two files: move them into ${SOURCE_FILE[local!.kind]}, or remove "customModels" from it.`,
    });
  }
}

/** Every text value of a file outside its route lists, with its JSON path and the nearest key above it. */
export function textsOutsideLists(file: SourceFile): Array<{ path: Array<string | number>; key: string; value: string }> {
  const found: Array<{ path: Array<string | number>; key: string; value: string }> = [];
  const walk = (value: unknown, path: Array<string | number>, key: string) => {
    if (typeof value === 'string') found.push({ path, key, value });
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i], key));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (path.length > 0 || (k !== LIST.settings && k !== LIST.legacy)) walk(v, [...path, k], k);
  };
  if (file.doc?.root) walk(getNodeValue(file.doc.root), [], '');
  return found;
}

/** Every `custom:` id the user's settings name outside the route lists (model, sessionDefaultSettings.model, mission and spec models, favourites…). */
function modelMentions(file: SourceFile): Array<{ path: string; id: string }> {
  return textsOutsideLists(file)
    .filter((t) => /model/i.test(t.key) && t.value.startsWith('custom:'))
    .map((t) => ({ path: t.path.join('.'), id: t.value }));
}

/**
 * A `custom:` id named in the user's settings that no route Droid uses has: the user's default (or a
 * mission's model) silently falls back or fails. The closest ids are offered.
 */
function danglingMentions(files: readonly SourceFile[], routes: readonly Route[]): Finding[] {
  const skipped = skippedPaths(files);
  const used = routes.filter((r) => !r.ignored && r.source.project === null && !skipped.has(r.source.path));
  const ids = new Set(used.map((r) => r.id));
  return files
    .filter((f) => f.project === null && f.kind !== 'legacy-config')
    .flatMap((file) =>
      modelMentions(file)
        .filter((m) => !ids.has(m.id))
        .map((m): Finding => {
          const near = used.map((r) => r.id).filter((id) => id.toLowerCase() === m.id.toLowerCase() || id.startsWith(`${m.id}-`));
          return {
            rule: 'model-reference-dangling',
            severity: 'warning',
            routeId: null,
            routeKey: null,
            file: file.path,
            message: `${file.path} names ${m.id} at ${m.path}, but no route Droid uses has that id: asked for it, Droid refuses it ("Invalid model").`,
            remedy: near.length ? `Did you mean ${near.slice(0, 3).join(' or ')}? Write that id there.` : `Write the id of a route Droid uses there (routelights routes list), or add the route.`,
          };
        }),
    );
}

/** Reads every file; a file that cannot be read or parsed fails the whole load, naming that file. */
export async function loadRouteMap(sources: RouteSources): Promise<Result<RouteMap>> {
  const paths = settingsPaths(sources.settingsPath);
  const wanted: Array<[RouteSourceKind, string, string | null]> = [
    ['settings', paths.settings, null],
    ['settings.local', paths.local, null],
    ['legacy-config', paths.legacy, null],
  ];
  for (const project of sources.projects) {
    const own = projectPaths(project);
    wanted.push(['project', own.settings, project], ['project.local', own.local, project]);
  }
  const files: SourceFile[] = [];
  for (const [kind, path, project] of wanted) {
    const read = await readSource(kind, path, project, sources.backupRoot);
    if (!read.ok) return read;
    files.push(read.value);
  }
  const problems: Finding[] = [];
  const routes = files.flatMap((file) => routesOf(file, problems));
  for (const route of routes) {
    route.secrets = findSecretFields(route, sources.markedSecrets ?? []);
    for (const field of route.secrets) if (isPlainSecret(field)) redactor.add(field.value);
  }
  for (const file of files) {
    const readable = readableByOthers(file, routes);
    if (readable) problems.push(readable);
  }
  markIgnored(files.filter((f) => f.project === null), routes, problems);
  for (const project of sources.projects) markIgnored(files.filter((f) => f.project === project), routes, problems);
  problems.push(...danglingMentions(files, routes));
  const revision = createHash('sha256')
    .update(files.map((f) => `${f.path}=${f.doc?.revision ?? 'absent'}`).join(';'))
    .digest('hex')
    .slice(0, 16);
  return ok({ paths, projects: [...sources.projects], files, routes, problems, revision });
}

/** The indexes the routes of a file's place hold (legacy ids are derived without them). */
export function usedIndexes(map: RouteMap, project: string | null = null): number[] {
  return map.routes.filter((r) => r.source.kind !== 'legacy-config' && r.source.project === project && r.index !== undefined).map((r) => r.index!);
}

/** The wanted index when it is free, else one past the highest in use. */
export function freeIndex(used: readonly number[], wanted?: number | null): number {
  return wanted !== undefined && wanted !== null && !used.includes(wanted) ? wanted : Math.max(-1, ...used) + 1;
}

/**
 * The file a path names among those Droid reads routes from (default: the user's settings.json), or a
 * usage failure that lists them. `forNewRoutes`: only a file a route may be added to (not config.json).
 */
export function fileNamed(map: RouteMap, path: string | undefined, forNewRoutes = false): Result<SourceFile> {
  const candidates = forNewRoutes ? map.files.filter((f) => f.kind !== 'legacy-config') : map.files;
  const file = path === undefined ? map.files.find((f) => f.kind === 'settings') : candidates.find((f) => f.path === path);
  if (file) return ok(file);
  return fail({ layer: 'usage', code: 'unknown-file', reason: `${path ?? map.paths.settings} is not one of the files Droid reads routes from here.`, remedy: `Use one of: ${candidates.map((f) => f.path).join(', ')} (add a project with 'routelights projects add DIR').` });
}

/** The files Droid skips whole (a trailing comma): none of their routes is loaded. */
function skippedPaths(files: readonly SourceFile[]): Set<string> {
  return new Set(files.filter((f) => f.doc && !readByDroid(f)).map((f) => f.path));
}

export function filesDroidSkips(map: RouteMap): Set<string> {
  return skippedPaths(map.files);
}

/** The routes Droid will actually use (in their own place): ignored entries left out. */
export function usedRoutes(map: RouteMap): Route[] {
  return map.routes.filter((route) => route.ignored === undefined);
}

/**
 * The routes Droid uses when it runs in `project` (null: outside any project): the project's own first,
 * then the user's whose id the project does not define (measured: a project's entry wins its id).
 */
export function routesDroidUses(map: RouteMap, project: string | null): Route[] {
  const own = project === null ? [] : usedRoutes(map).filter((r) => r.source.project === project);
  const ids = new Set(own.map((r) => r.id));
  return [...own, ...userRoutes(map).filter((r) => !ids.has(r.id))];
}

/** The user's own routes Droid uses anywhere (what profiles and the two-machine report are about). */
export function userRoutes(map: RouteMap): Route[] {
  return usedRoutes(map).filter((route) => route.source.project === null);
}
