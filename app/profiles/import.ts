// Importing a profile: ids are the contract (an existing id is updated, never duplicated), base URLs
// pass this machine's overrides, keys stay names. The plan is computed first (the preview of
// --dry-run and of the window) and then applied with the settings engine's safe write.
import { ok, type Result } from '../model/failure.ts';
import { describeKey, entryFields, keyKind } from '../model/route.ts';
import { hideUrlSecrets, withoutUrlSecrets } from '../model/secret-fields.ts';
import type { KeyLookup } from '../secrets/resolve.ts';
import { applyRouteChange, type RouteChange } from '../settings/route-edits.ts';
import { freeIndex, loadRouteMap, usedIndexes, userRoutes, type RouteMap, type RouteSources } from '../settings/route-map.ts';
import type { SafeWriteOptions } from '../settings/safe-write.ts';
import { applyOverrides, type Overrides } from './overrides.ts';
import type { Profile, ProfileRoute } from './profile-schema.ts';

export interface PlannedChange {
  routeId: string;
  action: 'add' | 'update' | 'unchanged';
  /** field → [this machine, after import] */
  fields: Record<string, [unknown, unknown]>;
  change: RouteChange | null;
}

export interface ImportPlan {
  from: string;
  changes: PlannedChange[];
  /** Key names the imported routes use that this machine has neither in its environment nor its Keychain. */
  missingKeys: string[];
  /** Routes whose key the source machine keeps in plain text: they come without one. */
  withoutKey: string[];
}

const FIELDS = ['model', 'displayName', 'provider', 'baseUrl', 'maxOutputTokens', 'noImageSupport'] as const;

function desired(route: ProfileRoute, overrides: Overrides): Record<string, unknown> {
  const out: Record<string, unknown> = { model: route.model, displayName: route.displayName, provider: route.provider, baseUrl: applyOverrides(route.baseUrl, overrides), maxOutputTokens: route.maxOutputTokens, noImageSupport: route.noImageSupport };
  if (route.keyName) out.apiKey = `\${${route.keyName}}`;
  return out;
}

export function planImport(profile: Profile, map: RouteMap, overrides: Overrides, lookup: KeyLookup): ImportPlan {
  const changes: PlannedChange[] = [];
  const used = usedIndexes(map);
  for (const route of profile.routes) {
    const want = desired(route, overrides);
    const existing = userRoutes(map).find((r) => r.id === route.id && r.source.kind !== 'legacy-config');
    if (!existing) {
      const index = freeIndex(used, route.index);
      used.push(index);
      const entry = entryFields({ ...want, id: route.id, index });
      changes.push({ routeId: route.id, action: 'add', fields: Object.fromEntries(Object.entries(entry).map(([k, v]) => [k, [null, v]])), change: { kind: 'add', entry } });
      continue;
    }
    const set: Record<string, unknown> = {};
    const fields: Record<string, [unknown, unknown]> = {};
    for (const field of FIELDS) {
      // A profile carries no URL credentials: this machine's own are kept, and never shown.
      const url = field === 'baseUrl' && existing.baseUrl !== undefined;
      const now = url ? withoutUrlSecrets(existing.baseUrl!) : (existing[field] ?? null);
      if (want[field] !== null && want[field] !== now) {
        set[field] = want[field];
        fields[field] = [url ? hideUrlSecrets(existing.baseUrl!) : now, want[field]];
      }
    }
    if (want.apiKey && want.apiKey !== existing.apiKey) {
      set.apiKey = want.apiKey;
      fields.apiKey = [describeKey(keyKind(existing.apiKey)), want.apiKey];
    }
    const changed = Object.keys(set).length > 0;
    changes.push({ routeId: route.id, action: changed ? 'update' : 'unchanged', fields, change: changed ? { kind: 'update', id: route.id, set, file: existing.source.path } : null });
  }
  const names = [...new Set(profile.routes.map((r) => r.keyName).filter((n): n is string => !!n))];
  return { from: profile.machine, changes, missingKeys: names.filter((n) => lookup(n) === undefined), withoutKey: profile.routes.filter((r) => r.plainTextKey).map((r) => r.id) };
}

/** The plan as it is shown (preview, JSON, API): without the internal change objects. */
export function planView(plan: ImportPlan) {
  return { ...plan, changes: plan.changes.map(({ routeId, action, fields }) => ({ routeId, action, fields })) };
}

/** Applies a plan's changes one safe write each, reloading between them. */
export async function applyImport(sources: RouteSources, plan: ImportPlan, options: SafeWriteOptions = {}): Promise<Result<number>> {
  let applied = 0;
  const action = { ...options, backedUp: options.backedUp ?? new Set<string>() };
  for (const planned of plan.changes) {
    if (!planned.change) continue;
    const map = await loadRouteMap(sources);
    if (!map.ok) return map;
    const written = await applyRouteChange(map.value, planned.change, action);
    if (!written.ok) return written;
    applied++;
  }
  return ok(applied);
}
