// The tray menu as a pure function of a snapshot and the tray's own state: plain data (labels, ids,
// actions), turned into Electron's template by main/ (which also proves the shapes match at compile
// time). Rebuilt on every snapshot; cheap. No label ever carries a key (it passes the redactor).
import { ago } from '../model/ago.ts';
import type { Failure } from '../model/failure.ts';
import { GLYPH, worst, type Color } from '../model/light.ts';
import type { RouteRecord, Snapshot, SurfaceStatus, UsageReading } from '../model/snapshot.ts';
import { countPhrase, readingsOf, routeQuotaPhrase, windowPhrase } from '../model/usage.ts';
import { redactor } from '../secrets/redact.ts';
import { droidPlace } from '../surfaces/find-droid.ts';

export type TrayAction =
  | { kind: 'run-all' }
  | { kind: 'run-route'; routeKey: string }
  | { kind: 'copy-id'; routeId: string }
  /** A route's editor (source: the file it stands in), or the settings window as it was. */
  | { kind: 'open-settings'; route?: { source: string; id: string } }
  | { kind: 'add-route' }
  | { kind: 'refresh' }
  | { kind: 'copy-report' }
  | { kind: 'toggle-login' }
  | { kind: 'toggle-notifications'; routeKey: string }
  | { kind: 'dismiss-failure' }
  | { kind: 'quit' };

export interface MenuItem {
  id?: string;
  label?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox';
  enabled?: boolean;
  checked?: boolean;
  toolTip?: string;
  submenu?: MenuItem[];
  action?: TrayAction;
}

export interface TrayState {
  now: Date;
  sweep: { done: number; total: number } | null;
  launchAtLogin: boolean;
  /** Route keys whose notifications the user switched off. */
  mutedRoutes: readonly string[];
  /** The last tray action that failed, until dismissed or until an action succeeds. */
  failure: (Failure & { action: string }) | null;
}

const WORD: Record<Color, string> = { green: 'all good', yellow: 'unproven or warning', red: 'door locked', gray: 'not checked' };
const MAX_REASON = 70;
/** Up to this many routes, each has its own row; beyond it, routes sit in their surface's submenu (red ones stay on top). */
export const FLAT_LIMIT = 10;

function short(text: string, max = MAX_REASON): string {
  const flat = redactor.redact(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The icon for the overall light: a monochrome template image per light (assets/, drawn by scripts/draw-icons.ts). */
export function trayIconName(overall: Color): string {
  return `tray-${overall}Template`;
}

/** The routes Droid uses: an entry it ignores is in the window, not in the menu. */
export function usedRoutes(snapshot: Snapshot): RouteRecord[] {
  return snapshot.routes.filter((r) => r.used);
}

/** The short text beside the icon: the number of red routes, else nothing. */
export function trayTitle(snapshot: Snapshot | null): string {
  const red = snapshot ? usedRoutes(snapshot).filter((r) => r.light === 'red').length : 0;
  return red > 0 ? `${red} red` : '';
}

export function trayTooltip(snapshot: Snapshot | null): string {
  if (!snapshot) return 'RouteLights: checking…';
  const routes = usedRoutes(snapshot);
  const count = (c: Color) => routes.filter((r) => r.light === c).length;
  return `RouteLights: ${routes.length} route(s): ${count('green')} green, ${count('yellow')} yellow, ${count('red')} red`;
}

function why(light: Color, reason: string, remedy: string): MenuItem[] {
  return [{ label: short(reason, 120), enabled: false }, ...(light === 'green' ? [] : [{ label: `Do: ${short(remedy, 120)}`, enabled: false }])];
}

/** The usage lines of a route's submenu: the balance it spends, each account's windows, why a reading failed. */
function usageLines(r: RouteRecord, usage: readonly UsageReading[], now: Date): MenuItem[] {
  if (!r.spends) return [];
  const lines: MenuItem[] = [{ label: short(`Spends ${r.spends.balance}`, 120), enabled: false }];
  for (const reading of readingsOf(r, usage)) {
    const said = [...reading.windows.filter((w) => w.state !== 'unknown').map((w) => windowPhrase(w, now)), ...reading.counts.map(countPhrase)];
    if (said.length) lines.push({ label: short(`${reading.label}: ${said.join('; ')}`, 120), enabled: false });
    if (reading.note) lines.push({ label: short(`${reading.label}: ${reading.note}`, 120), enabled: false });
    if (reading.problem) lines.push({ label: short(`${reading.label}: usage not read: ${reading.problem.reason}`, 120), enabled: false });
  }
  return [{ type: 'separator' }, ...lines];
}

function routeRow(r: RouteRecord, state: TrayState, usage: readonly UsageReading[]): MenuItem {
  const quota = routeQuotaPhrase(r, usage, state.now);
  // A route red for its own reasons shows them; otherwise what is left of its balance is the news.
  const tail = quota && !(r.light === 'red' && r.layer !== 'quota') ? ` · ${short(quota)}` : ` — ${short(r.reason)}`;
  return {
    id: `route:${r.key}`,
    label: `${GLYPH[r.light]} ${r.id}${tail}`,
    type: 'submenu',
    submenu: [
      ...why(r.light, r.reason, r.remedy),
      ...usageLines(r, usage, state.now),
      { type: 'separator' },
      { id: `run:${r.key}`, label: 'Run sentinel', enabled: !state.sweep, action: { kind: 'run-route', routeKey: r.key } },
      { id: `copy:${r.key}`, label: 'Copy id', action: { kind: 'copy-id', routeId: r.id } },
      { id: `open:${r.key}`, label: 'Open in Settings…', action: { kind: 'open-settings', route: { source: r.source.path, id: r.id } } },
      { id: `notify:${r.key}`, label: 'Notify when it turns red or recovers', type: 'checkbox', checked: !state.mutedRoutes.includes(r.key), action: { kind: 'toggle-notifications', routeKey: r.key } },
    ],
  };
}

const host = (s: SurfaceStatus) => `${s.kind} ${s.origin.replace(/^https?:\/\//, '')}`;

function surfaceRow(s: SurfaceStatus): MenuItem {
  return { id: `surface:${s.id}`, label: `${GLYPH[s.light]} ${host(s)}${s.latencyMs !== null ? ` · ${s.latencyMs} ms` : ''}`, type: 'submenu', submenu: why(s.light, s.reason, s.remedy) };
}

/** Many routes: one row per surface, its worst light first, its routes inside; routes without a surface together. */
function groupedRows(snapshot: Snapshot, routes: RouteRecord[], state: TrayState): MenuItem[] {
  const rows: MenuItem[] = [];
  for (const s of snapshot.surfaces) {
    const mine = routes.filter((r) => r.surface?.id === s.id);
    if (mine.length === 0 && (s.unused || s.light === 'green')) continue;
    const red = mine.filter((r) => r.light === 'red').length;
    const light = worst([s.light, ...mine.map((r) => r.light)]);
    rows.push({
      id: `surface:${s.id}`,
      label: `${GLYPH[light]} ${host(s)} · ${mine.length} route${mine.length === 1 ? '' : 's'}${red ? `, ${red} red` : ''}`,
      type: 'submenu',
      submenu: [...why(s.light, s.reason, s.remedy), ...(mine.length ? [{ type: 'separator' as const }, ...mine.map((r) => routeRow(r, state, snapshot.usage))] : [])],
    });
  }
  const elsewhere = routes.filter((r) => !r.surface || !snapshot.surfaces.some((s) => s.id === r.surface?.id));
  if (elsewhere.length) rows.push({ id: 'surface:none', label: `${GLYPH[worst(elsewhere.map((r) => r.light))]} Routes with no surface · ${elsewhere.length}`, type: 'submenu', submenu: elsewhere.map((r) => routeRow(r, state, snapshot.usage)) });
  return rows;
}

export function trayMenu(snapshot: Snapshot | null, state: TrayState): MenuItem[] {
  const items: MenuItem[] = [];
  if (!snapshot) {
    items.push({ id: 'header', label: 'RouteLights — checking…', enabled: false });
  } else {
    items.push({ id: 'header', label: `RouteLights ${GLYPH[snapshot.overall]} ${WORD[snapshot.overall]} · checked ${ago(snapshot.checkedAt, state.now)}`, enabled: false });
  }
  if (state.failure) {
    items.push({
      id: 'failure',
      label: `⚠ ${state.failure.action} failed: ${short(state.failure.reason)}`,
      type: 'submenu',
      submenu: [{ label: short(state.failure.reason, 120), enabled: false }, { label: `Do: ${short(state.failure.remedy, 120)}`, enabled: false }, { type: 'separator' }, { id: 'dismiss-failure', label: 'Dismiss', action: { kind: 'dismiss-failure' } }],
    });
  }
  if (snapshot) {
    if (snapshot.settingsNote) items.push({ id: 'settings-note', label: short(snapshot.settingsNote, 90), enabled: false });
    const d = snapshot.droid;
    const place = d.path ? droidPlace(d.path) : null;
    items.push({
      id: 'droid',
      label: `${GLYPH[d.light]} Droid account${d.version ? ` ${d.version}` : ''} — ${short(d.reason, 60)}`,
      type: 'submenu',
      submenu: [...why(d.light, d.reason, d.remedy), ...(place ? [{ id: 'droid-place', label: `droid found in ${place}`, enabled: false }] : [])],
    });
    const routes = usedRoutes(snapshot);
    if (routes.length <= FLAT_LIMIT) {
      for (const s of snapshot.surfaces.filter((x) => !x.unused || x.light !== 'gray')) items.push(surfaceRow(s));
      items.push({ type: 'separator' });
      if (routes.length === 0) {
        items.push({ id: 'no-routes', label: 'No routes yet: Droid has only its built-in models', enabled: false }, { id: 'add-route', label: 'Add a route…', action: { kind: 'add-route' } });
      }
      for (const r of routes) items.push(routeRow(r, state, snapshot.usage));
    } else {
      const red = routes.filter((r) => r.light === 'red');
      if (red.length) items.push({ id: 'red-heading', label: `${red.length} red of ${routes.length} routes`, enabled: false }, ...red.map((r) => routeRow(r, state, snapshot.usage)), { type: 'separator' });
      items.push({ id: 'surfaces-heading', label: `${routes.length} routes on ${new Set(routes.map((r) => r.surface?.id ?? '')).size} surfaces`, enabled: false }, ...groupedRows(snapshot, routes, state));
    }
  }
  const routeCount = snapshot ? usedRoutes(snapshot).length : 0;
  items.push(
    { type: 'separator' },
    state.sweep
      ? { id: 'run-all', label: `Running sentinels… ${state.sweep.done} of ${state.sweep.total}`, enabled: false }
      : { id: 'run-all', label: 'Run all sentinels', enabled: routeCount > 0, action: { kind: 'run-all' } },
    { id: 'refresh', label: 'Refresh now', action: { kind: 'refresh' } },
    { id: 'open', label: 'Open Settings…', action: { kind: 'open-settings' } },
    { id: 'report', label: 'Copy readiness report', enabled: !!snapshot, action: { kind: 'copy-report' } },
    { type: 'separator' },
    { id: 'login', label: 'Launch at login', type: 'checkbox', checked: state.launchAtLogin, action: { kind: 'toggle-login' } },
    { id: 'quit', label: 'Quit RouteLights', action: { kind: 'quit' } },
  );
  return items;
}
