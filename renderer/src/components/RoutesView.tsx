// The routes as a list with an inspector, as a Mac app shows them: one compact line per route record
// (light, name and id, surface kind, quota, last proof), the selected route's reason, remedy, settings
// and actions in the inspector (beside the list when the window is wide, below it when narrow), and
// the same actions in a context menu. Filter (light words, surface kind and origin too), sort, select
// with the keyboard (arrows, Home/End, Space), run sentinels (all, selected, one) with one "n of N".
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { SEVERITY } from '../../../app/model/light.ts';
import { useApp, useNow } from '../hooks.ts';
import type { AppState, SortKey } from '../store.ts';
import type { RouteRecord } from '../types.ts';
import { Inspector, proofText, routeActions, type RouteAction } from './Inspector.tsx';
import { Light } from './Light.tsx';
import { QuotaCell } from './Quota.tsx';

const sortValue = (r: RouteRecord, key: SortKey): string | number =>
  key === 'light' ? -SEVERITY[r.light] : key === 'surface' ? `${r.surface?.kind ?? ''} ${r.surface?.origin ?? ''}` : key === 'id' ? r.id : key === 'file' ? `${r.source.project ?? ''}\u0000${r.source.path}\u0000${String(r.source.position).padStart(6, '0')}` : (r.settings[key] ?? '');

const SORTS: Array<[SortKey, string]> = [
  ['file', 'File order'],
  ['light', 'Light'],
  ['id', 'Id'],
  ['displayName', 'Name'],
  ['model', 'Model'],
  ['surface', 'Surface'],
];

/** Every word a filter may match: the light's word, the surface's kind and origin, the file and project too. */
function haystack(route: RouteRecord): string {
  return [route.light, route.id, route.settings.displayName, route.settings.model, route.settings.provider, route.surface?.kind, route.surface?.origin, route.reason, route.source.path, route.source.project, route.used ? '' : 'ignored']
    .filter(Boolean)
    .join('\n')
    .toLowerCase();
}

export function matches(route: RouteRecord, filter: string): boolean {
  const words = filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const text = haystack(route);
  return words.every((w) => text.includes(w));
}

interface Menu {
  route: RouteRecord;
  x: number;
  y: number;
}

function ContextMenu({ menu, actions, onClose }: { menu: Menu; actions: RouteAction[]; onClose: (refocus: boolean) => void }) {
  const ref = useRef<HTMLUListElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
    const away = (e: globalThis.MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose(false);
    };
    window.addEventListener('mousedown', away);
    return () => window.removeEventListener('mousedown', away);
  }, [onClose]);
  const keys = (e: KeyboardEvent) => {
    const items = [...(ref.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const go = (i: number) => items[(i + items.length) % items.length]?.focus();
    if (e.key === 'ArrowDown') go(at + 1);
    else if (e.key === 'ArrowUp') go(at - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(items.length - 1);
    else if (e.key === 'Escape' || e.key === 'Tab') onClose(true);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  const left = Math.min(menu.x, window.innerWidth - 220);
  const top = Math.min(menu.y, window.innerHeight - 40 - actions.length * 28);
  return (
    <ul ref={ref} role="menu" aria-label={`Actions for ${menu.route.id}`} className="context-menu" style={{ left, top: Math.max(4, top) }} onKeyDown={keys}>
      {actions.map((action) => (
        <li key={action.label} role="none">
          <button
            role="menuitem"
            tabIndex={-1}
            disabled={!!action.disabled}
            title={action.disabled || undefined}
            className={action.danger ? 'danger' : ''}
            onClick={() => {
              onClose(true);
              action.run();
            }}
          >
            {action.label}
          </button>
        </li>
      ))}
    </ul>
  );
}

export function RoutesView() {
  const snapshot = useApp((s) => s.snapshot);
  const filter = useApp((s) => s.filter);
  const sort = useApp((s) => s.sort);
  const selected = useApp((s) => s.selected);
  const current = useApp((s) => s.current);
  const progress = useApp((s) => s.progress);
  const running = useApp((s) => s.running);
  const count = useApp((s) => s.count);
  const refreshing = useApp((s) => s.refreshing);
  const conflict = useApp((s) => s.conflict);
  const a = useApp((s) => s);
  const now = useNow(5000);
  const routes = useMemo(() => snapshot?.routes ?? [], [snapshot]);
  const [menu, setMenu] = useState<Menu | null>(null);
  const listRef = useRef<HTMLTableSectionElement>(null);

  const rows = useMemo(() => {
    const list = routes.filter((route) => matches(route, filter));
    return list.sort((x, y) => {
      const [p, q] = [sortValue(x, sort.key), sortValue(y, sort.key)];
      return (p < q ? -1 : p > q ? 1 : 0) * (sort.dir === 'asc' ? 1 : -1);
    });
  }, [routes, filter, sort]);

  const shown = rows.find((r) => r.key === current) ?? rows[0] ?? null;
  const visibleKeys = new Set(rows.map((r) => r.key));
  const selectable = rows.filter((r) => r.used).map((r) => r.key);
  // Only rows the filter shows count: a hidden row is never run by "Run selected".
  const chosen = selected.filter((k) => visibleKeys.has(k));
  const allChosen = selectable.length > 0 && selectable.every((k) => chosen.includes(k));

  const focusRow = (key: string | undefined) => {
    if (!key) return;
    a.setCurrent(key);
    requestAnimationFrame(() => listRef.current?.querySelector<HTMLElement>(`tr[data-key="${CSS.escape(key)}"]`)?.focus());
  };

  // Back from the editor (or first shown): focus the current row, never <body>.
  useEffect(() => {
    if (document.activeElement === document.body && shown) listRef.current?.querySelector<HTMLElement>(`tr[data-key="${CSS.escape(shown.key)}"]`)?.focus({ preventScroll: false });
    // Only on mount.
  }, []);

  const rowKeys = (e: KeyboardEvent<HTMLTableRowElement>, route: RouteRecord) => {
    if (e.target !== e.currentTarget) return;
    const at = rows.findIndex((r) => r.key === route.key);
    const to = (i: number) => focusRow(rows[Math.max(0, Math.min(rows.length - 1, i))]?.key);
    if (e.key === 'ArrowDown') to(at + 1);
    else if (e.key === 'ArrowUp') to(at - 1);
    else if (e.key === 'Home') to(0);
    else if (e.key === 'End') to(rows.length - 1);
    else if (e.key === 'PageDown') to(at + 10);
    else if (e.key === 'PageUp') to(at - 10);
    else if (e.key === ' ') {
      if (route.used) a.toggleSelected(route.key);
    }
    else if (e.key === 'Enter') a.openEditor('edit', route);
    else if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      const box = e.currentTarget.getBoundingClientRect();
      setMenu({ route, x: box.left + 40, y: box.bottom });
    } else return;
    e.preventDefault();
  };

  const openMenu = (e: MouseEvent, route: RouteRecord) => {
    e.preventDefault();
    a.setCurrent(route.key);
    setMenu({ route, x: e.clientX, y: e.clientY });
  };

  const header = (k: SortKey, label: string, className: string) => (
    <th className={className} aria-sort={sort.key === k ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button className="link" onClick={() => a.setSort(k)} title={`Sort by ${label.toLowerCase()}`}>
        {label}
        {sort.key === k ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  );
  const readings = snapshot?.usage ?? [];
  const fileProblems = (snapshot?.findings ?? []).filter((f) => f.routeId === null && f.severity === 'error');
  const used = routes.filter((r) => r.used).length;

  return (
    <section aria-labelledby="routes-title" className="routes-view">
      <div className="toolbar">
        <h2 id="routes-title">Routes</h2>
        <input id="route-filter" type="search" aria-label="Filter routes" title="Filter: a light (red, yellow…), a surface kind or origin, an id, a model… (⌘F)" value={filter} onChange={(e) => a.setFilter(e.target.value)} placeholder="Filter: red, zai, gpt…" />
        <label className="sort">
          <span className="sr-only">Sort by</span>
          <select aria-label="Sort by" value={sort.key} onChange={(e) => a.setSort(e.target.value as SortKey)}>
            {SORTS.map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <button onClick={() => void a.runSentinels()} disabled={running || used === 0} title="Prove every route Droid uses through the real Droid">
          Run all sentinels
        </button>
        <button onClick={() => void a.runSentinels(chosen)} disabled={running || chosen.length === 0} title={chosen.length === 0 ? 'Select routes with their checkboxes (Space) first' : `Prove the ${chosen.length} selected route(s)`}>
          Run selected ({chosen.length})
        </button>
        {running ? <button onClick={() => void a.cancelSentinels()}>Cancel</button> : null}
        <button onClick={() => void a.refresh()} disabled={refreshing} aria-busy={refreshing} title="Check every surface again now (⌘R)">
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
        <button className="primary" onClick={() => a.openEditor('add')} title="Add a route (⌘N)">
          Add route
        </button>
      </div>
      <p className="run-status" aria-live="polite" data-run-count={count ? `${count.done}/${count.total}` : ''}>
        {count ? `Running sentinels: ${count.done} of ${count.total} done…` : ''}
      </p>
      {conflict ? (
        <div role="alert" className="notice error">
          {conflict.reason} {conflict.remedy} <button onClick={() => void a.reloadAfterConflict()}>Reload</button>
        </div>
      ) : null}
      {fileProblems.map((f) => (
        <p key={f.rule + f.message} role="alert" className="notice error">
          {f.message} {f.remedy}
          {f.rule === 'trailing-comma' ? <button onClick={() => void a.fixCommas()}>Fix commas</button> : null}
        </p>
      ))}
      {routes.length === 0 ? (
        <p className="empty">No routes yet. Add one, or import your settings.</p>
      ) : (
        <div className="split">
          <div className="list">
            <table className="routes">
              <colgroup>
                <col className="c-check" />
                <col className="c-light" />
                <col className="c-route" />
                <col className="c-surface" />
                <col className="c-quota" />
                <col className="c-proof" />
              </colgroup>
              <thead>
                <tr>
                  <th className="c-check">
                    <input
                      type="checkbox"
                      aria-label="Select all shown routes"
                      title="Select all shown routes"
                      checked={allChosen}
                      ref={(el) => {
                        if (el) el.indeterminate = chosen.length > 0 && !allChosen;
                      }}
                      disabled={selectable.length === 0}
                      onChange={() => a.setSelected(allChosen ? selected.filter((k) => !visibleKeys.has(k)) : [...new Set([...selected, ...selectable])])}
                    />
                  </th>
                  {header('light', 'Light', 'c-light')}
                  {header('id', 'Route', 'c-route')}
                  {header('surface', 'Surface', 'c-surface')}
                  <th className="c-quota">Quota</th>
                  <th className="c-proof">Proof</th>
                </tr>
              </thead>
              <tbody ref={listRef}>
                {rows.length === 0 ? (
                  <tr>
                    <td colSpan={6} className="empty">
                      No route matches “{filter}”. <button onClick={() => a.setFilter('')}>Clear the filter</button>
                    </td>
                  </tr>
                ) : null}
                {rows.map((route) => {
                  const live = progress[route.key];
                  const proof = proofText(route, live, now);
                  const isCurrent = shown?.key === route.key;
                  const name = route.settings.displayName;
                  return (
                    <tr
                      key={route.key}
                      data-route={route.id}
                      data-key={route.key}
                      data-layer={route.layer}
                      className={[route.used ? '' : 'shadowed', isCurrent ? 'current' : '', selected.includes(route.key) ? 'chosen' : ''].join(' ')}
                      tabIndex={isCurrent ? 0 : -1}
                      aria-selected={isCurrent}
                      aria-label={`${name ?? route.id}, ${route.light}${route.used ? '' : ', ignored by Droid'}`}
                      onClick={() => a.setCurrent(route.key)}
                      onDoubleClick={() => a.openEditor('edit', route)}
                      onContextMenu={(e) => openMenu(e, route)}
                      onKeyDown={(e) => rowKeys(e, route)}
                    >
                      <td className="c-check" onClick={(e) => e.stopPropagation()}>
                        <input type="checkbox" tabIndex={-1} aria-label={`Select ${route.id}`} title={route.used ? `Select ${route.id} (Space)` : 'Droid ignores this entry: nothing to run'} checked={selected.includes(route.key)} disabled={!route.used} onChange={() => a.toggleSelected(route.key)} />
                      </td>
                      <td className="c-light" title={`${route.light}: ${route.reason}`}>
                        <Light color={route.light} label={`${route.id}: ${route.light}`} />
                      </td>
                      <td className="c-route" title={[name, route.id, route.source.project].filter(Boolean).join('\n')}>
                        <span className="route-line">
                          {name ? <span className="route-name">{name}</span> : null}
                          <span className="route-id mono">{route.id}</span>
                          {route.source.project ? <span className="route-project muted">{route.source.project}</span> : null}
                        </span>
                      </td>
                      <td className="c-surface surface" title={route.surface ? `${route.surface.kind} at ${route.surface.origin}` : 'No surface: no base URL'}>
                        {route.surface ? route.surface.kind : '—'}
                      </td>
                      <QuotaCell route={route} readings={readings} now={now} />
                      <td className="c-proof" data-sentinel={proof.state} title={proof.title}>
                        {proof.text}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {shown ? <Inspector route={shown} onFocusRow={focusRow} rows={rows} /> : null}
        </div>
      )}
      {menu ? (
        <ContextMenu
          menu={menu}
          actions={routeActions(menu.route, a as AppState, rows, focusRow)}
          onClose={(refocus) => {
            setMenu(null);
            if (refocus) focusRow(menu.route.key);
          }}
        />
      ) : null}
    </section>
  );
}
