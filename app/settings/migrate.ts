// `routes migrate`: moves routes from the legacy config.json into settings.json, one safe write each.
// All adds come first, then the removals from the end of config.json backwards (so the positions of
// the entries still to remove never shift): an interruption leaves a duplicate at worst, never a loss.
import { ok, type Result } from '../model/failure.ts';
import { entryFields, type Route } from '../model/route.ts';
import { freeIndex, loadRouteMap, usedIndexes, type RouteSources } from './route-map.ts';
import { applyRouteChange } from './route-edits.ts';
import type { SafeWriteOptions } from './safe-write.ts';

export interface MigrationStep {
  id: string;
  status: 'migrated' | 'skipped';
  detail: string;
}

function settingsEntry(route: Route, id: string, index: number): Record<string, unknown> {
  return entryFields({ ...route, id, index }, route.extra);
}

const customId = (id: string) => (id.startsWith('custom:') ? id : `custom:${id}`);

export async function migrateLegacyRoutes(sources: RouteSources, given: SafeWriteOptions = {}): Promise<Result<MigrationStep[]>> {
  const options = { ...given, backedUp: given.backedUp ?? new Set<string>() };
  const first = await loadRouteMap(sources);
  if (!first.ok) return first;
  const legacy = first.value.routes.filter((r) => r.source.kind === 'legacy-config');
  const steps: MigrationStep[] = [];
  const toRemove: Route[] = [];
  for (const route of legacy) {
    const id = customId(route.id);
    const map = await loadRouteMap(sources);
    if (!map.ok) return map;
    if (map.value.routes.some((r) => r.id === id && r.source.project === null && r.source.kind !== 'legacy-config')) {
      steps.push({ id, status: 'skipped', detail: "settings.json already has this id; the legacy entry stays in config.json (remove it with 'routelights routes remove')." });
      continue;
    }
    const added = await applyRouteChange(map.value, { kind: 'add', entry: settingsEntry(route, id, freeIndex(usedIndexes(map.value), route.index)), supersedesLegacy: true }, options);
    if (!added.ok) return added;
    steps.push({ id, status: 'migrated', detail: `added to ${added.value.path}` });
    toRemove.push(route);
  }
  for (const route of toRemove.sort((a, b) => b.source.position - a.source.position)) {
    const map = await loadRouteMap(sources);
    if (!map.ok) return map;
    const removed = await applyRouteChange(map.value, { kind: 'remove', id: route.id, file: map.value.paths.legacy }, options);
    if (!removed.ok) return removed;
  }
  return ok(steps);
}
