// The routes table: one row per route record (light, id, display name, model, surface, quota, reason,
// latency, last sentinel), entries Droid ignores shown as such; filter, sort, run sentinels (all,
// selected, one) with live progress; edit, duplicate, delete, reorder.
import { useMemo } from 'react';
import { ago } from '../../../app/model/ago.ts';
import { SEVERITY } from '../../../app/model/light.ts';
import { useApp } from '../hooks.ts';
import type { SortKey } from '../store.ts';
import type { RouteRecord } from '../types.ts';
import { Light } from './Light.tsx';
import { QuotaCell } from './Quota.tsx';
import { TableHead } from './TableHead.tsx';

const sortValue = (r: RouteRecord, key: SortKey): string | number => (key === 'light' ? -SEVERITY[r.light] : key === 'surface' ? (r.surface?.origin ?? '') : key === 'id' ? r.id : (r.settings[key] ?? ''));

/** The surface's kind and origin, the origin free to break after its scheme (a narrow column). */
function SurfaceName({ kind, origin }: { kind: string; origin: string }) {
  const at = origin.indexOf('://');
  return (
    <>
      {kind} {at < 0 ? origin : <>{origin.slice(0, at + 3)}<wbr />{origin.slice(at + 3)}</>}
    </>
  );
}

export function RoutesView() {
  const snapshot = useApp((s) => s.snapshot);
  const filter = useApp((s) => s.filter);
  const sort = useApp((s) => s.sort);
  const selected = useApp((s) => s.selected);
  const progress = useApp((s) => s.progress);
  const running = useApp((s) => s.running);
  const conflict = useApp((s) => s.conflict);
  const a = useApp((s) => s);
  const routes = useMemo(() => snapshot?.routes ?? [], [snapshot]);

  const rows = useMemo(() => {
    const latency = new Map(snapshot?.surfaces.map((x) => [x.id, x.latencyMs]) ?? []);
    const text = filter.trim().toLowerCase();
    const list = routes
      .map((route) => ({ route, latency: route.surface ? (latency.get(route.surface.id) ?? null) : null }))
      .filter(({ route }) => !text || [route.id, route.settings.displayName, route.settings.model, route.surface?.origin, route.reason].some((v) => v?.toLowerCase().includes(text)));
    return list.sort((x, y) => {
      const [p, q] = [sortValue(x.route, sort.key), sortValue(y.route, sort.key)];
      return (p < q ? -1 : p > q ? 1 : 0) * (sort.dir === 'asc' ? 1 : -1);
    });
  }, [routes, snapshot, filter, sort]);

  const header = (k: SortKey, label: string) => (
    <th aria-sort={sort.key === k ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button className="link" onClick={() => a.setSort(k)}>
        {label}
      </button>
    </th>
  );
  const readings = snapshot?.usage ?? [];
  const now = new Date();
  const fileProblems = (snapshot?.findings ?? []).filter((f) => f.routeId === null && f.severity === 'error');

  return (
    <section aria-labelledby="routes-title">
      <div className="toolbar">
        <h2 id="routes-title">Routes</h2>
        <label>
          Filter <input type="search" value={filter} onChange={(e) => a.setFilter(e.target.value)} placeholder="id, model, surface…" />
        </label>
        <button onClick={() => void a.runSentinels()} disabled={running || !routes.some((r) => r.used)}>
          Run all sentinels
        </button>
        <button onClick={() => void a.runSentinels(selected)} disabled={running || selected.length === 0}>
          Run selected ({selected.length})
        </button>
        {running ? <button onClick={() => void a.cancelSentinels()}>Cancel</button> : null}
        <button onClick={() => void a.refresh()}>Refresh</button>
        <button className="primary" onClick={() => a.openEditor('add')}>
          Add route
        </button>
      </div>
      {conflict ? (
        <div role="alert" className="notice error">
          {conflict.reason} {conflict.remedy} <button onClick={() => void a.reloadAfterConflict()}>Reload</button>
        </div>
      ) : null}
      {fileProblems.map((f) => (
        <p key={f.rule + f.message} role="alert" className="notice error">
          {f.message} {f.remedy}
        </p>
      ))}
      {routes.length === 0 ? (
        <p className="empty">No routes yet. Add one, or import your settings.</p>
      ) : (
        <table className="routes">
          <TableHead>
            <th>
              <span className="sr-only">Select</span>
            </th>
            {header('light', 'Light')}
            {header('id', 'Id (what Droid selects)')}
            {header('displayName', 'Name')}
            {header('model', 'Model (sent on the wire)')}
            {header('surface', 'Surface')}
            <th>Quota</th>
            <th>Reason</th>
            <th>Latency</th>
            <th>Last sentinel</th>
          </TableHead>
          <tbody>
            {rows.map(({ route, latency }) => {
              const live = progress[route.key];
              return (
                <tr key={route.key} data-route={route.id} data-key={route.key} data-layer={route.layer} className={route.used ? '' : 'shadowed'}>
                  <td>
                    <input type="checkbox" aria-label={`Select ${route.id}`} checked={selected.includes(route.key)} disabled={!route.used} onChange={() => a.toggleSelected(route.key)} />
                  </td>
                  <td>
                    <Light color={route.light} label={`${route.id}: ${route.light}`} />
                  </td>
                  <td className="mono">
                    {route.id}
                    {route.source.project ? <div className="muted">{route.source.project}</div> : null}
                  </td>
                  <td>{route.settings.displayName ?? ''}</td>
                  <td className="mono">{route.settings.model ?? '—'}</td>
                  <td className="mono surface">{route.surface ? <SurfaceName kind={route.surface.kind} origin={route.surface.origin} /> : '—'}</td>
                  <QuotaCell route={route} readings={readings} now={now} />
                  <td className="reason">
                    {route.reason}
                    {route.light !== 'green' ? <div className="remedy">{route.remedy}</div> : null}
                  </td>
                  <td>{latency === null ? '—' : `${latency} ms`}</td>
                  <td aria-live="polite" data-sentinel={live?.phase === 'started' || live?.phase === 'waiting' ? 'running' : (live?.result?.verdict ?? route.lastSentinel?.verdict ?? '')}>
                    {live?.waiting && live.phase === 'waiting' ? `waiting: Droid retries (${live.waiting.why}, attempt ${live.waiting.attempt})…` : live && live.phase === 'started' ? 'running…' : live?.result ? `${live.result.verdict} (${((live.result.verdictMs ?? 0) / 1000).toFixed(1)} s)` : route.lastSentinel ? `${route.lastSentinel.verdict}, ${ago(route.lastSentinel.at, new Date())}` : 'never'}
                  </td>
                  <td className="actions">
                    <button onClick={() => void a.runSentinels([route.key])} disabled={running || !route.used} aria-label={`Run sentinel for ${route.id}`}>
                      Run
                    </button>
                    <button onClick={() => a.openEditor('edit', route)} aria-label={`Edit ${route.id}`}>
                      Edit
                    </button>
                    <button onClick={() => a.openEditor('duplicate', route)} aria-label={`Duplicate ${route.id}`}>
                      Duplicate
                    </button>
                    <button onClick={() => void a.moveRoute(route, Math.max(0, route.source.position - 1))} disabled={route.source.position === 0} aria-label={`Move ${route.id} up`}>
                      ↑
                    </button>
                    <button onClick={() => void a.moveRoute(route, route.source.position + 1)} aria-label={`Move ${route.id} down`}>
                      ↓
                    </button>
                    <button className="danger" onClick={() => window.confirm(`Delete ${route.id}? A backup is kept.`) && void a.removeRoute(route)} aria-label={`Delete ${route.id}`}>
                      Delete
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
