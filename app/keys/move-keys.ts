// `keys move`: plain-text apiKeys go into the secret store and the routes get `${NAME}` references,
// with the settings engine's safe write. The store is written first: if it fails, no file is touched.
// Routes that share one key share one name; a name already holding another value is not overwritten.
import { readFile, rm } from 'node:fs/promises';
import { fail, ok, type Result } from '../model/failure.ts';
import { listBackups } from '../settings/backups.ts';
import { referenceTo } from '../model/key-name.ts';
import { keyKind, type Route } from '../model/route.ts';
import { applyRouteChange } from '../settings/route-edits.ts';
import { loadRouteMap, usedRoutes, type RouteMap, type RouteSources } from '../settings/route-map.ts';
import { keyNameFor, type SurfaceOptions } from '../surfaces/derive.ts';
import type { SecretStore } from '../secrets/store.ts';

export interface KeyMove {
  routeId: string;
  name: string | null;
  status: 'moved' | 'skipped';
  detail: string;
}

export interface MoveOutcome {
  moves: KeyMove[];
  /** Backups (made before the move) that still hold a moved key in plain text. */
  backupsWithKeys: string[];
  /** The ones deleted because the caller asked (--scrub-backups). */
  scrubbed: string[];
}

async function backupsHolding(map: RouteMap, values: readonly string[]): Promise<string[]> {
  const held: string[] = [];
  for (const file of map.files) {
    for (const backup of await listBackups(file.path, file.backupDir)) {
      const text = await readFile(backup.path, 'utf8').catch(() => '');
      if (values.some((v) => text.includes(v))) held.push(backup.path);
    }
  }
  return held;
}

export async function moveKeysToStore(sources: RouteSources, store: SecretStore, surfaceOptions: SurfaceOptions, routeIds?: readonly string[], scrubBackups = false): Promise<Result<MoveOutcome>> {
  const loaded = await loadRouteMap(sources);
  if (!loaded.ok) return loaded;
  const unknown = (routeIds ?? []).filter((id) => !loaded.value.routes.some((r) => r.id === id));
  if (unknown.length) return fail({ layer: 'usage', code: 'unknown-route', reason: `No route has the id ${unknown.join(', ')}.`, remedy: "See 'routelights routes list'." });
  const chosen = usedRoutes(loaded.value).filter((r) => !routeIds || routeIds.includes(r.id));
  const moves: KeyMove[] = [];
  const plain: Route[] = [];
  for (const route of chosen) {
    if (keyKind(route.apiKey).kind !== 'plain') continue;
    if (route.source.kind === 'legacy-config') {
      moves.push({ routeId: route.id, name: null, status: 'skipped', detail: "config.json does not expand ${VAR}: run 'routelights routes migrate' first." });
      continue;
    }
    plain.push(route);
  }

  // One name per distinct value; a name that already holds another value gets a suffix.
  const nameOf = new Map<string, string>();
  const taken = new Set<string>();
  for (const route of plain) {
    const value = route.apiKey!;
    if (nameOf.has(value)) continue;
    const base = keyNameFor(route, surfaceOptions);
    for (let n = 1; ; n++) {
      const name = n === 1 ? base : `${base}_${n}`;
      if (taken.has(name)) continue;
      const existing = await store.get(name);
      if (!existing.ok) return existing;
      if (existing.value === null || existing.value === value) {
        nameOf.set(value, name);
        taken.add(name);
        break;
      }
    }
  }
  for (const [value, name] of nameOf) {
    const stored = await store.set(name, value);
    if (!stored.ok) return stored;
  }
  for (const route of plain) {
    const name = nameOf.get(route.apiKey!)!;
    const map = await loadRouteMap(sources);
    if (!map.ok) return map;
    const current = map.value.routes.find((r) => r.key === route.key);
    if (current?.apiKey !== route.apiKey) {
      moves.push({ routeId: route.id, name, status: 'skipped', detail: 'the key changed on disk meanwhile; the stored key was kept, the route left as it is now.' });
      continue;
    }
    const written = await applyRouteChange(map.value, { kind: 'update', id: route.id, file: route.source.path, set: { apiKey: referenceTo(name) } });
    if (!written.ok) return written;
    moves.push({ routeId: route.id, name, status: 'moved', detail: `now ${referenceTo(name)} in ${written.value.path}` });
  }
  const backupsWithKeys = await backupsHolding(loaded.value, [...nameOf.keys()]);
  const scrubbed = scrubBackups ? backupsWithKeys : [];
  await Promise.all(scrubbed.map((path) => rm(path, { force: true })));
  return ok({ moves, backupsWithKeys: backupsWithKeys.filter((p) => !scrubbed.includes(p)), scrubbed });
}
