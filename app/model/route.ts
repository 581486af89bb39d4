// A route: one `customModels` entry of Droid's settings (or one legacy `custom_models` entry), as
// RouteLights sees it. The zod schema checks known fields and keeps every unknown one as it is.
import { z } from 'zod';

export const PROVIDERS = ['anthropic', 'openai', 'generic-chat-completion-api'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** Known fields of a `customModels` entry; any other field passes through untouched. */
export const customModelSchema = z.looseObject({
  model: z.string().optional(),
  id: z.string().optional(),
  index: z.number().int().optional(),
  baseUrl: z.string().optional(),
  apiKey: z.string().optional(),
  displayName: z.string().optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  noImageSupport: z.boolean().optional(),
  provider: z.string().optional(),
});
export type CustomModelEntry = z.infer<typeof customModelSchema>;

/** The field names RouteLights understands; the rest of an entry is shown read-only. */
export const KNOWN_FIELDS = [
  'model',
  'id',
  'index',
  'baseUrl',
  'apiKey',
  'displayName',
  'maxOutputTokens',
  'noImageSupport',
  'provider',
] as const;
export type KnownField = (typeof KNOWN_FIELDS)[number];

/** Which file a route was read from. Droid merges them; each route is edited in its own file. */
export type RouteSourceKind = 'settings' | 'settings.local' | 'legacy-config';

/** The file each source is, as a person names it. */
export const SOURCE_FILE: Record<RouteSourceKind, string> = { settings: 'settings.json', 'settings.local': 'settings.local.json', 'legacy-config': 'config.json' };

export interface RouteSource {
  kind: RouteSourceKind;
  path: string;
  /** Position in that file's array. */
  position: number;
}

export interface Route {
  /** The `custom:` id Droid is told to use; for legacy entries without one, the id Droid derives. */
  id: string;
  /** True when the file holds no id and RouteLights derived it (legacy config.json entries). */
  idDerived: boolean;
  model?: string;
  displayName?: string;
  provider?: string;
  baseUrl?: string;
  index?: number;
  apiKey?: string;
  maxOutputTokens?: number;
  noImageSupport?: boolean;
  /** Fields RouteLights does not know, as written (camelCase names for every source). */
  extra: Record<string, unknown>;
  source: RouteSource;
  /** Set when a route with the same id in a file Droid prefers hides this one. */
  shadowedBy?: RouteSourceKind;
  /** Schema problems of the entry as written (a field of the wrong type), for lint. */
  schemaIssues: string[];
}

const VAR_REF = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/** The variable name of a `${VAR}` reference, or null for a literal value. */
export function apiKeyReference(apiKey: string | undefined): string | null {
  if (apiKey === undefined) return null;
  return VAR_REF.exec(apiKey.trim())?.[1] ?? null;
}

/** How an apiKey may be shown anywhere: the reference as written, a placeholder, never the value. */
export function describeApiKey(apiKey: string | undefined): string | null {
  if (apiKey === undefined || apiKey === '') return null;
  return apiKeyReference(apiKey) === null ? '<plain text>' : apiKey.trim();
}
