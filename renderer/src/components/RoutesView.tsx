// The routes table: light, id, display name, model, surface, reason, latency, last sentinel; filter,
// sort, run sentinels (all, selected, one) with live progress; edit, duplicate, delete, reorder.
import { useMemo } from 'react';
import { ago } from '../../../app/model/ago.ts';
import type { Color } from '../../../app/model/light.ts';
import { useApp } from '../hooks.ts';
import type { SortKey } from '../store.ts';
import { Light } from './Light.tsx';

const RANK: Record<Color, number> = { red: 0, yellow: 1, gray: 2, green: 3 };

export function RoutesView() {
  const routes = useApp((s) => s.routes);
  const snapshot = useApp((s) => s.snapshot);
  const filter = useApp((s) => s.filter);
  const sort = useApp((s) => s.sort);
  const selected = useApp((s) => s.selected);
  const progress = useApp((s) => s.progress);
  const running = useApp((s) => s.running);
  const conflict = useApp((s) => s.conflict);
  const findings = useApp((s) => s.findings);
  const a = useApp((s) => s);

  const rows = useMemo(() => {
    const status = new Map(snapshot?.routes.map((r) => [r.id, r]) ?? []);
    const latency = new Map(snapshot?.surfaces.map((x) => [x.id, x.latencyMs]) ?? []);
    const text = filter.trim().toLowerCase();
    const list = routes
      .map((route) => ({ route, status: status.get(route.id), latency: route.surface ? (latency.get(route.surface.id) ?? null) : null }))
      .filter(({ route, status: st }) => !text || [route.id, route.displayName, route.model, route.surface?.origin, st?.reason].some((v) => v?.toLowerCase().includes(text)));
    const key = (r: (typeof list)[number]): string | number => (sort.key === 'light' ? RANK[r.status?.light ?? 'gray'] : sort.key === 'surface' ? (r.route.surface?.origin ?? '') : ((r.route[sort.key] as string | null) ?? ''));
    return list.sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0) * (sort.dir === 'asc' ? 1 : -1));
  }, [routes, snapshot, filter, sort]);

  const header = (k: SortKey, label: string) => (
    <th aria-sort={sort.key === k ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button className="link" onClick={() => a.setSort(k)}>
        {label}
      </button>
    </th>
  );
  const fileProblems = findings.filter((f) => f.routeId === null && f.severity === 'error');

  return (
    <section aria-labelledby="routes-title">
      <div className="toolbar">
        <h2 id="routes-title">Routes</h2>
        <label>
          Filter <input type="search" value={filter} onChange={(e) => a.setFilter(e.target.value)} placeholder="id, model, surface…" />
        </label>
        <button onClick={() => void a.runSentinels()} disabled={running || routes.length === 0}>
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
          <thead>
            <tr>
              <th>
                <span className="sr-only">Select</span>
              </th>
              {header('light', 'Light')}
              {header('id', 'Id (what Droid selects)')}
              {header('displayName', 'Name')}
              {header('model', 'Model (sent on the wire)')}
              {header('surface', 'Surface')}
              <th>Reason</th>
              <th>Latency</th>
              <th>Last sentinel</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ route, status, latency }) => {
              const live = progress[route.id];
              return (
                <tr key={`${route.source}:${route.id}`} data-route={route.id} className={route.shadowedBy ? 'shadowed' : ''}>
                  <td>
                    <input type="checkbox" aria-label={`Select ${route.id}`} checked={selected.includes(route.id)} onChange={() => a.toggleSelected(route.id)} />
                  </td>
                  <td>
                    <Light color={status?.light ?? 'gray'} label={`${route.id}: ${status?.light ?? 'not checked'}`} />
                  </td>
                  <td className="mono">{route.id}</td>
                  <td>{route.displayName ?? ''}</td>
                  <td className="mono">{route.model ?? '—'}</td>
                  <td className="mono">{route.surface ? `${route.surface.kind} ${route.surface.origin}` : '—'}</td>
                  <td className="reason">
                    {status?.reason ?? 'not checked yet'}
                    {status && status.light !== 'green' ? <div className="remedy">{status.remedy}</div> : null}
                  </td>
                  <td>{latency === null ? '—' : `${latency} ms`}</td>
                  <td aria-live="polite" data-sentinel={live?.phase === 'started' ? 'running' : (live?.result?.verdict ?? status?.lastSentinel?.verdict ?? '')}>
                    {live && live.phase === 'started' ? 'running…' : live?.result ? `${live.result.verdict} (${((live.result.verdictMs ?? 0) / 1000).toFixed(1)} s)` : status?.lastSentinel ? `${status.lastSentinel.verdict}, ${ago(status.lastSentinel.at, new Date())}` : 'never'}
                  </td>
                  <td className="actions">
                    <button onClick={() => void a.runSentinels([route.id])} disabled={running} aria-label={`Run sentinel for ${route.id}`}>
                      Run
                    </button>
                    <button onClick={() => a.openEditor('edit', route)} aria-label={`Edit ${route.id}`}>
                      Edit
                    </button>
                    <button onClick={() => a.openEditor('duplicate', route)} aria-label={`Duplicate ${route.id}`}>
                      Duplicate
                    </button>
                    <button onClick={() => void a.moveRoute(route.id, Math.max(0, route.position - 1))} disabled={route.position === 0} aria-label={`Move ${route.id} up`}>
                      ↑
                    </button>
                    <button onClick={() => void a.moveRoute(route.id, route.position + 1)} aria-label={`Move ${route.id} down`}>
                      ↓
                    </button>
                    <button className="danger" onClick={() => window.confirm(`Delete ${route.id}? A backup is kept.`) && void a.removeRoute(route.id)} aria-label={`Delete ${route.id}`}>
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
