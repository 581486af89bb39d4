// A route as any view, answer or profile may show it: the settings RouteLights reads, with every secret
// in them hidden (the user part of baseUrl, plain secrets among the extra fields); never a value.
import { PLAIN_TEXT_KEY, type Route } from './route.ts';
import { isPlainSecret, secretFieldsOf, hideUrlSecrets } from './secret-fields.ts';

/** The settings a view or a profile shows for a route: each one RouteLights reads, null when not written. */
export function routeSettings(route: Route) {
  return {
    model: route.model ?? null,
    displayName: route.displayName ?? null,
    provider: route.provider ?? null,
    baseUrl: route.baseUrl === undefined ? null : hideUrlSecrets(route.baseUrl),
    index: route.index ?? null,
    maxOutputTokens: route.maxOutputTokens ?? null,
    noImageSupport: route.noImageSupport ?? null,
  };
}

/** The entry's extra fields as they may be shown: every secret value as "<plain text>" (references kept). */
export function showExtra(route: Route): Record<string, unknown> {
  const shown = structuredClone(route.extra);
  for (const field of secretFieldsOf(route)) {
    if (field.kind === 'url' || !isPlainSecret(field)) continue;
    const parent = field.path.slice(0, -1).reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, shown);
    parent[field.path.at(-1)!] = PLAIN_TEXT_KEY;
  }
  return shown;
}

/** Shown extra fields without their hidden secrets (a duplicate starts without them, as without a plain key). */
export function withoutHidden(extra: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(extra)) {
    if (value === PLAIN_TEXT_KEY) continue;
    out[name] = value && typeof value === 'object' && !Array.isArray(value) ? withoutHidden(value as Record<string, unknown>) : value;
  }
  return out;
}
