// For `routelights exec -- droid`: the routes whose extraHeaders hold ${NAME} references, which Droid sends
// as text (it expands only apiKey; docs/droid-notes.md), with the values put in. Written to a runtime
// settings file that Droid merges for that one process, where an entry wins over the user's of the same id.
import { entryFields, type Route } from '../model/route.ts';
import { expandReferences } from '../model/key-name.ts';
import { headerReferences } from '../model/secret-fields.ts';
import type { KeyLookup } from '../secrets/resolve.ts';

export interface RuntimeRoutes {
  entries: Array<Record<string, unknown>>;
}

export function routesWithHeadersExpanded(routes: readonly Route[], lookup: KeyLookup): RuntimeRoutes {
  const entries: Array<Record<string, unknown>> = [];
  // Only the user's own: a project's route in the runtime file would stand in everywhere, outside its project too.
  for (const route of routes.filter((r) => r.source.project === null)) {
    const references = headerReferences(route);
    if (references.length === 0) continue;
    const headers = { ...(route.extra.extraHeaders as Record<string, unknown>) };
    for (const [header, value] of references) {
      // A name set nowhere stays as written (exec warns about it with the other missing names).
      headers[header] = expandReferences(value, lookup);
    }
    const { model, index, baseUrl, apiKey, displayName, maxOutputTokens, noImageSupport, provider } = route;
    entries.push(entryFields({ model, id: route.id, index, baseUrl, apiKey, displayName, maxOutputTokens, noImageSupport, provider }, { ...route.extra, extraHeaders: headers }));
  }
  return { entries };
}
