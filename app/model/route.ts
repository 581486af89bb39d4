// A route: one `customModels` entry of Droid's settings (or one legacy `custom_models` entry, or one of a
// project's), as RouteLights reads it: the fields it understands, every other field kept as written, the
// file it comes from, and whether Droid uses it.
import { keyReference } from './key-name.ts';

export const PROVIDERS = ['anthropic', 'openai', 'generic-chat-completion-api'] as const;
export type Provider = (typeof PROVIDERS)[number];

export type FieldType = 'string' | 'integer' | 'boolean';

/** The fields RouteLights reads, with their types; every other field of an entry is kept as written and shown read-only. */
export const ROUTE_FIELDS = {
  model: 'string',
  id: 'string',
  index: 'integer',
  baseUrl: 'string',
  apiKey: 'string',
  displayName: 'string',
  maxOutputTokens: 'integer',
  noImageSupport: 'boolean',
  provider: 'string',
} as const satisfies Record<string, FieldType>;
export type RouteField = keyof typeof ROUTE_FIELDS;
export const KNOWN_FIELDS = Object.keys(ROUTE_FIELDS) as RouteField[];

/** An entry as written: the fields RouteLights reads in their usual order, then the others; empty ones left out. */
export function entryFields(fields: Partial<Record<RouteField, unknown>>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...Object.fromEntries(KNOWN_FIELDS.map((f) => [f, fields[f]]).filter(([, v]) => v !== null && v !== undefined)), ...extra };
}

/** Droid's other documented fields: typed when given on the command line, otherwise kept as written. */
export const OTHER_FIELDS = { maxContextLimit: 'integer', thinkingMaxTokens: 'integer', enableThinking: 'boolean', reasoningEffort: 'string' } as const satisfies Record<string, FieldType>;

export function fieldMatches(value: unknown, type: FieldType): boolean {
  return type === 'integer' ? Number.isInteger(value) : typeof value === type;
}

/**
 * Which file a route was read from. Droid merges them (docs/droid-notes.md); each route is edited in its
 * own file. `project` and `project.local` are a repository's `.factory/` files, used when Droid runs there.
 */
export type RouteSourceKind = 'settings' | 'settings.local' | 'legacy-config' | 'project' | 'project.local';
export const SOURCE_KINDS = ['settings', 'settings.local', 'legacy-config', 'project', 'project.local'] as const satisfies readonly RouteSourceKind[];

/** The file each source is, as a person names it. */
export const SOURCE_FILE: Record<RouteSourceKind, string> = { settings: 'settings.json', 'settings.local': 'settings.local.json', 'legacy-config': 'config.json', project: '.factory/settings.json', 'project.local': '.factory/settings.local.json' };

export interface RouteSource {
  kind: RouteSourceKind;
  path: string;
  /** Position in that file's array. */
  position: number;
  /** The project folder for a project's files; null for the user's own. */
  project: string | null;
}

/**
 * Why Droid does not use an entry (measured: docs/droid-notes.md). `replaced`: another entry wins its id
 * (the first with it, or a settings.local.json list that replaces this file's), naming the one used instead.
 * `dropped`: Droid leaves it out of its model list altogether; `otherList` names the list it stands in
 * when that is not the one Droid reads there (RouteLights shows such an entry but never edits it).
 */
export type Ignored =
  | {
      kind: 'replaced';
      /** The file that wins. */
      by: { kind: RouteSourceKind; path: string };
      /** True when that file's list replaces this file's whole list; false when only the same id wins. */
      wholeList: boolean;
      /** The entry Droid uses for this id instead, or null when it has none. */
      instead: { key: string; path: string; position: number } | null;
    }
  | { kind: 'dropped'; why: string; remedy: string; otherList?: string };

/** A value of an entry that authenticates besides apiKey (found by secret-fields.ts). */
export interface SecretField {
  /** Where it sits in the entry: ['extraHeaders', 'X-Custom-Token'], ['baseUrl'] (its user part), or a marked field's path. */
  path: string[];
  kind: 'header' | 'url' | 'marked';
  value: string;
}

export interface Route {
  /** (source file, id): unique across every file, the same in every view. */
  key: string;
  /** The `custom:` id Droid is told to use; for entries without one, the id Droid derives. */
  id: string;
  /** True when the file holds no id and RouteLights derived it as Droid does. */
  idDerived: boolean;
  model?: string;
  displayName?: string;
  provider?: string;
  baseUrl?: string;
  index?: number;
  apiKey?: string;
  maxOutputTokens?: number;
  noImageSupport?: boolean;
  /** Fields RouteLights does not read, as written (camelCase names for every source). */
  extra: Record<string, unknown>;
  source: RouteSource;
  /** Set when Droid does not use this entry. */
  ignored?: Ignored;
  /** Schema problems of the entry as written (a field of the wrong type), for lint. */
  schemaIssues: string[];
  /** Its secrets beyond apiKey, found when read with the names the user marks; absent for a route built elsewhere. */
  secrets?: SecretField[];
}

/** The key of an entry: its file and id, and the occurrence when one file repeats an id. */
export function routeKey(path: string, id: string, occurrence = 0): string {
  return `${path}#${id}${occurrence > 0 ? `#${occurrence + 1}` : ''}`;
}

/** Where a key sits, as a person reads it: never the value. */
export type KeyKind = { kind: 'none' } | { kind: 'plain' } | { kind: 'reference'; name: string };

export const PLAIN_TEXT_KEY = '<plain text>';

export function keyKind(apiKey: string | undefined): KeyKind {
  if (apiKey === undefined || apiKey === '') return { kind: 'none' };
  const name = keyReference(apiKey);
  return name === null ? { kind: 'plain' } : { kind: 'reference', name };
}

/** How a key may be shown anywhere: `${NAME}`, `<plain text>`, or null; never the value. */
export function describeKey(key: KeyKind): string | null {
  return key.kind === 'none' ? null : key.kind === 'plain' ? PLAIN_TEXT_KEY : `\${${key.name}}`;
}
