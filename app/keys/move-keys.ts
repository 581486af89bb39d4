// `keys move`: plain-text apiKeys (and a key written as the Authorization / x-api-key header, which Droid
// sends apiKey in) go into the secret store and the routes get `${NAME}` references, with the settings
// engine's safe write. The store is written first: if it fails, no file is touched. Routes that share one
// key share one name; a name already holding another value is not overwritten. What Droid would not
// expand (other headers, baseUrl) is left, with the reason.
import { readFile } from 'node:fs/promises';
import { fail, ok, type Result } from '../model/failure.ts';
import { listBackups, removeBackup } from '../settings/backups.ts';
import { referenceTo } from '../model/key-name.ts';
import { keyKind, type Route } from '../model/route.ts';
import { holdsPlainKey, isPlainSecret, replacesApiKey, secretFieldsOf } from '../model/secret-fields.ts';
import type { BackupAction } from '../settings/backup-actions.ts';
import { applyRouteChange } from '../settings/route-edits.ts';
import { loadRouteMap, usedRoutes, type RouteMap, type RouteSources } from '../settings/route-map.ts';
import { keyNameFor, type SurfaceOptions } from '../surfaces/derive.ts';
import type { SecretStore } from '../secrets/store.ts';

export interface KeyMove {
  routeId: string;
  /** Where the secret sat: apiKey, extraHeaders.<name>, baseUrl. */
  field: string;
  name: string | null;
  status: 'moved' | 'skipped' | 'planned';
  detail: string;
}

export interface MoveOutcome {
  moves: KeyMove[];
  /** Backups (made before the move) that still hold a moved key in plain text. */
  backupsWithKeys: string[];
  /** The ones deleted because the caller asked (--scrub-backups). */
  scrubbed: string[];
  /** The move as one user action, for `backups.undo` (null when nothing was written). */
  actionId: string | null;
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

/** The header Droid sends apiKey in for a provider (measured: docs/droid-notes.md), and the value's form there. */
function keyHeaderValue(route: Route, header: string, value: string): string | null {
  if (!replacesApiKey(route.provider, header)) return null;
  return route.provider === 'anthropic' ? value : (/^bearer\s+(\S+)$/i.exec(value.trim())?.[1] ?? null);
}

/** A plain secret to move: into the store, then written as the route's apiKey reference. */
interface Plain {
  route: Route;
  field: string;
  value: string;
  /** The header it leaves (the key moves from there to apiKey), or null for apiKey itself. */
  header: string | null;
}

/** What keys move can take out of a route, and what it must leave with the reason (Droid's own rules). */
function planRoute(route: Route): { plain: Plain[]; skipped: KeyMove[] } {
  const plain: Plain[] = [];
  const skipped: KeyMove[] = [];
  const skip = (field: string, detail: string) => skipped.push({ routeId: route.id, field, name: null, status: 'skipped', detail });
  // A placeholder ("dummy", "not-needed") is no secret: it stays as written (the same rule as lint's).
  const apiKeyPlain = holdsPlainKey(route.apiKey);
  if (apiKeyPlain && route.source.kind === 'legacy-config') skip('apiKey', "config.json does not expand ${VAR}: run 'routelights routes migrate' first.");
  else if (apiKeyPlain) plain.push({ route, field: 'apiKey', value: route.apiKey!, header: null });
  for (const secret of secretFieldsOf(route).filter(isPlainSecret)) {
    const field = secret.path.join('.');
    if (secret.kind === 'url') {
      skip(field, 'Droid drops credentials written in baseUrl (it sends no Authorization: Basic): remove them from the URL instead.');
      continue;
    }
    const header = secret.kind === 'header' ? secret.path[1]! : null;
    const asKey = header === null ? null : keyHeaderValue(route, header, secret.value);
    if (asKey !== null && route.source.kind !== 'legacy-config' && keyKind(route.apiKey).kind === 'none') plain.push({ route, field, value: asKey, header });
    else if (asKey !== null) skip(field, 'The route has an apiKey too, and this header replaces it on the wire: keep one of the two, then run keys move again.');
    else if (secret.kind === 'header') skip(field, 'Droid sends extraHeaders as written, never expanding ${VAR} there: a reference would go out as text. Left in the file; keep it private (chmod 600), or see routelights lint for the way through routelights exec.');
    else skip(field, 'Droid reads this field only as written: left in the file; keep it private (chmod 600).');
  }
  return { plain, skipped };
}

export interface MoveOptions {
  routeIds?: readonly string[];
  /** Delete the backups (made before the move) that still hold a moved key. */
  scrubBackups?: boolean;
  /** Only say what would move (status `planned`): nothing stored, nothing written. */
  dryRun?: boolean;
  /** The user action the move is, noted beside the backups it takes. */
  action?: BackupAction;
}

export async function moveKeysToStore(sources: RouteSources, store: SecretStore, surfaceOptions: SurfaceOptions, options: MoveOptions = {}): Promise<Result<MoveOutcome>> {
  const { routeIds, scrubBackups = false } = options;
  const loaded = await loadRouteMap(sources);
  if (!loaded.ok) return loaded;
  const unknown = (routeIds ?? []).filter((id) => !loaded.value.routes.some((r) => r.id === id));
  if (unknown.length) return fail({ layer: 'usage', code: 'unknown-route', reason: `No route has the id ${unknown.join(', ')}.`, remedy: "See 'routelights routes list'." });
  const chosen = usedRoutes(loaded.value).filter((r) => !routeIds || routeIds.includes(r.id));
  const moves: KeyMove[] = [];
  const plain: Plain[] = [];
  for (const route of chosen) {
    const planned = planRoute(route);
    plain.push(...planned.plain);
    moves.push(...planned.skipped);
  }

  // One name per distinct value; a name that already holds another value gets a suffix.
  const nameOf = new Map<string, string>();
  const taken = new Set<string>();
  for (const { route, value } of plain) {
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
  if (options.dryRun) {
    const planned = plain.map(({ route, field, value, header }): KeyMove => ({ routeId: route.id, field, name: nameOf.get(value)!, status: 'planned', detail: `would become "apiKey": "${referenceTo(nameOf.get(value)!)}"${header ? ` (Droid sends it in ${header})` : ''} in ${route.source.path}` }));
    return ok({ moves: [...planned, ...moves], backupsWithKeys: [], scrubbed: [], actionId: null });
  }
  for (const [value, name] of nameOf) {
    const stored = await store.set(name, value);
    if (!stored.ok) return stored;
  }
  const backedUp = new Set<string>();
  // The history names the routes the move touched, whether the caller named them or not.
  const action = options.action && { ...options.action, routes: [...new Set(plain.map((p) => p.route.id))] };
  for (const { route, field, value, header } of plain) {
    const name = nameOf.get(value)!;
    const map = await loadRouteMap(sources);
    if (!map.ok) return map;
    const current = map.value.routes.find((r) => r.key === route.key);
    if (current?.apiKey !== route.apiKey || JSON.stringify(current?.extra.extraHeaders) !== JSON.stringify(route.extra.extraHeaders)) {
      moves.push({ routeId: route.id, field, name, status: 'skipped', detail: 'the route changed on disk meanwhile; the stored key was kept, the route left as it is now.' });
      continue;
    }
    const written = await applyRouteChange(map.value, { kind: 'update', id: route.id, file: route.source.path, set: { apiKey: referenceTo(name), ...(header ? withoutHeader(route, header) : {}) }, unset: header && headersLeft(route, header) === 0 ? ['extraHeaders'] : [] }, { backedUp, ...(action ? { action } : {}) });
    if (!written.ok) return written;
    moves.push({ routeId: route.id, field, name, status: 'moved', detail: `now "apiKey": "${referenceTo(name)}"${header ? ` (Droid sends it in ${header})` : ''} in ${written.value.path}` });
  }
  const backupsWithKeys = await backupsHolding(loaded.value, [...nameOf.keys()]);
  const scrubbed = scrubBackups ? backupsWithKeys : [];
  await Promise.all(scrubbed.map(removeBackup));
  return ok({ moves, backupsWithKeys: backupsWithKeys.filter((p) => !scrubbed.includes(p)), scrubbed, actionId: backedUp.size && action ? action.id : null });
}

function headersLeft(route: Route, header: string): number {
  return Object.keys(route.extra.extraHeaders as Record<string, unknown>).filter((n) => n !== header).length;
}

/** The route's extraHeaders without the one whose key moved (nothing when none is left: the field goes). */
function withoutHeader(route: Route, header: string): Record<string, unknown> {
  if (headersLeft(route, header) === 0) return {};
  const { [header]: _moved, ...rest } = route.extra.extraHeaders as Record<string, unknown>;
  return { extraHeaders: rest };
}
