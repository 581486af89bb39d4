// The tray menu as a pure function of a snapshot and the tray's own state: plain data (labels, ids,
// actions), turned into Electron's template by main/ (which also proves the shapes match at compile
// time). Rebuilt on every snapshot; cheap. No label ever carries a key (it passes the redactor).
import { ago } from '../model/ago.ts';
import { GLYPH, type Color } from '../model/light.ts';
import type { Snapshot } from '../model/snapshot.ts';
import { redactor } from '../secrets/redact.ts';

export type TrayAction =
  | { kind: 'run-all' }
  | { kind: 'run-route'; routeKey: string }
  | { kind: 'copy-id'; routeId: string }
  | { kind: 'open-settings'; routeId?: string }
  | { kind: 'refresh' }
  | { kind: 'copy-report' }
  | { kind: 'toggle-login' }
  | { kind: 'toggle-notifications'; routeId: string }
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
  /** Routes whose notifications the user switched off. */
  mutedRoutes: readonly string[];
}

const WORD: Record<Color, string> = { green: 'all good', yellow: 'unproven or warning', red: 'door locked', gray: 'not checked' };
const MAX_REASON = 70;

function short(text: string, max = MAX_REASON): string {
  const flat = redactor.redact(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The icon for the overall light: a monochrome template image per light (assets/, drawn by scripts/draw-icons.ts). */
export function trayIconName(overall: Color): string {
  return `tray-${overall}Template`;
}

/** The short text beside the icon: the number of red routes, else nothing. */
/** The routes Droid uses: an entry it ignores is in the window, not in the menu. */
function usedRoutes(snapshot: Snapshot) {
  return snapshot.routes.filter((r) => r.used);
}

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

export function trayMenu(snapshot: Snapshot | null, state: TrayState): MenuItem[] {
  const items: MenuItem[] = [];
  if (!snapshot) {
    items.push({ id: 'header', label: 'RouteLights — checking…', enabled: false });
  } else {
    items.push({ id: 'header', label: `RouteLights ${GLYPH[snapshot.overall]} ${WORD[snapshot.overall]} · checked ${ago(snapshot.checkedAt, state.now)}`, enabled: false });
    if (snapshot.settingsNote) items.push({ id: 'settings-note', label: short(snapshot.settingsNote, 90), enabled: false });
    const d = snapshot.droid;
    items.push({
      id: 'droid',
      label: `${GLYPH[d.light]} Droid account${d.version ? ` ${d.version}` : ''} — ${short(d.reason, 60)}`,
      type: 'submenu',
      submenu: [
        { label: short(d.reason, 120), enabled: false },
        ...(d.light === 'green' ? [] : [{ label: `Do: ${short(d.remedy, 120)}`, enabled: false }]),
      ],
    });
    for (const s of snapshot.surfaces.filter((x) => !x.unused || x.light !== 'gray')) {
      items.push({
        id: `surface:${s.id}`,
        label: `${GLYPH[s.light]} ${s.kind} ${s.origin.replace(/^https?:\/\//, '')}${s.latencyMs !== null ? ` · ${s.latencyMs} ms` : ''}`,
        type: 'submenu',
        submenu: [{ label: short(s.reason, 120), enabled: false }, ...(s.light === 'green' ? [] : [{ label: `Do: ${short(s.remedy, 120)}`, enabled: false }])],
      });
    }
    items.push({ type: 'separator' });
    if (usedRoutes(snapshot).length === 0) items.push({ id: 'no-routes', label: 'No routes yet — open Settings to add one', enabled: false });
    for (const r of usedRoutes(snapshot)) {
      items.push({
        id: `route:${r.key}`,
        label: `${GLYPH[r.light]} ${r.id} — ${short(r.reason)}`,
        type: 'submenu',
        submenu: [
          { label: short(r.reason, 120), enabled: false },
          ...(r.light === 'green' ? [] : [{ label: `Do: ${short(r.remedy, 120)}`, enabled: false }]),
          { type: 'separator' },
          { id: `run:${r.key}`, label: 'Run sentinel', enabled: !state.sweep, action: { kind: 'run-route', routeKey: r.key } },
          { id: `copy:${r.key}`, label: 'Copy id', action: { kind: 'copy-id', routeId: r.id } },
          { id: `open:${r.key}`, label: 'Open in Settings…', action: { kind: 'open-settings', routeId: r.id } },
          { id: `notify:${r.key}`, label: 'Notify when it turns red or recovers', type: 'checkbox', checked: !state.mutedRoutes.includes(r.id), action: { kind: 'toggle-notifications', routeId: r.id } },
        ],
      });
    }
  }
  items.push(
    { type: 'separator' },
    state.sweep
      ? { id: 'run-all', label: `Running sentinels… ${state.sweep.done}/${state.sweep.total}`, enabled: false }
      : { id: 'run-all', label: 'Run all sentinels', enabled: !!snapshot && usedRoutes(snapshot).length > 0, action: { kind: 'run-all' } },
    { id: 'refresh', label: 'Refresh now', action: { kind: 'refresh' } },
    { id: 'open', label: 'Open Settings…', action: { kind: 'open-settings' } },
    { id: 'report', label: 'Copy readiness report', enabled: !!snapshot, action: { kind: 'copy-report' } },
    { type: 'separator' },
    { id: 'login', label: 'Launch at login', type: 'checkbox', checked: state.launchAtLogin, action: { kind: 'toggle-login' } },
    { id: 'quit', label: 'Quit RouteLights', action: { kind: 'quit' } },
  );
  return items;
}
