// The selected route in full: its light with reason and remedy (remedies that are actions as buttons),
// its settings, surface, quota and last proof, and what can be done with it. The same actions make the
// routes list's context menu.
import { ago } from '../../../app/model/ago.ts';
import { describeKey } from '../../../app/model/route.ts';
import { routeQuotaPhrase } from '../../../app/model/usage.ts';
import { useApp, useNow } from '../hooks.ts';
import type { AppState } from '../store.ts';
import type { RouteRecord, SentinelResult } from '../types.ts';
import { Light } from './Light.tsx';

type Live = AppState['progress'][string] | undefined;

/** A sentinel result in words: pass and fail with the time, skipped and cancelled told apart. */
export function verdictWords(result: SentinelResult): string {
  if (result.verdict === 'skipped') return result.reason === 'Cancelled.' ? 'cancelled' : 'skipped';
  return `${result.verdict} (${((result.verdictMs ?? 0) / 1000).toFixed(1)} s)`;
}

/** The Proof column: what runs now, the verdict just in, or the last sentinel with its age. */
export function proofText(route: RouteRecord, live: Live, now: Date): { state: string; text: string; title: string } {
  if (live?.phase === 'waiting' && live.waiting) return { state: 'running', text: 'waiting…', title: `Droid retries (${live.waiting.why}, attempt ${live.waiting.attempt})` };
  if (live && (live.phase === 'started' || (live.phase === 'waiting' && !live.result))) return { state: 'running', text: 'running…', title: 'A sentinel runs through Droid now' };
  if (live?.result) {
    const r = live.result;
    const state = r.verdict === 'skipped' && r.reason === 'Cancelled.' ? 'cancelled' : r.verdict;
    return { state, text: verdictWords(r), title: `${r.reason}${r.verdict === 'pass' ? '' : `\n${r.remedy}`}` };
  }
  if (route.lastSentinel) return { state: route.lastSentinel.verdict, text: `${route.lastSentinel.verdict} · ${ago(route.lastSentinel.at, now)}`, title: `Last sentinel ${route.lastSentinel.verdict} at ${new Date(route.lastSentinel.at).toLocaleString()}` };
  return { state: '', text: 'never', title: 'No sentinel has proved this route yet' };
}

export interface RouteAction {
  label: string;
  run: () => void;
  /** Why it cannot run now (its tooltip), or false. */
  disabled?: string | false;
  danger?: boolean;
}

/** What can be done with a route: the inspector's buttons and the context menu's items. */
export function routeActions(route: RouteRecord, a: AppState, rows: RouteRecord[], focusRow: (key: string | undefined) => void): RouteAction[] {
  const sameFile = (a.snapshot?.routes ?? []).filter((r) => r.source.path === route.source.path);
  const last = Math.max(...sameFile.map((r) => r.source.position));
  const moveBlock = a.sort.key !== 'file' ? 'Sort by file order to move routes: the list must show the order in the file.' : a.filter.trim() ? 'Clear the filter to move routes: the neighbours must be visible.' : false;
  const at = rows.findIndex((r) => r.key === route.key);
  return [
    { label: 'Run sentinel', run: () => void a.runSentinels([route.key]), disabled: a.running ? 'A run is going on.' : !route.used ? 'Droid ignores this entry: nothing to prove.' : false },
    { label: 'Edit…', run: () => a.openEditor('edit', route) },
    { label: 'Duplicate…', run: () => a.openEditor('duplicate', route) },
    { label: 'Copy id', run: () => void navigator.clipboard?.writeText(route.id).then(() => a.say(`Copied ${route.id}.`), () => a.say(`Could not copy: select the id in the inspector and copy it.`)) },
    { label: 'Move up', run: () => void a.moveRoute(route, route.source.position - 1).then(() => focusRow(route.key)), disabled: moveBlock || (route.source.position === 0 ? 'Already first in its file.' : false) },
    { label: 'Move down', run: () => void a.moveRoute(route, route.source.position + 1).then(() => focusRow(route.key)), disabled: moveBlock || (route.source.position >= last ? 'Already last in its file.' : false) },
    {
      label: 'Delete…',
      danger: true,
      run: () => {
        if (window.confirm(`Delete ${route.id} from ${route.source.path}? A backup is kept.`)) void a.removeRoute(route).then(() => focusRow((rows[at + 1] ?? rows[at - 1])?.key));
      },
    },
  ];
}

/** The remedy's actions: what a remedy tells a terminal user to type, as a button. */
function remedyButtons(route: RouteRecord, a: AppState): Array<{ label: string; run: () => void }> {
  const out: Array<{ label: string; run: () => void }> = [];
  const text = `${route.remedy} ${route.reason}`;
  const keySet = /routelights keys set ([A-Za-z_][A-Za-z0-9_]*)/.exec(text);
  if (keySet) {
    const name = keySet[1]!;
    out.push({ label: `Set key ${name}…`, run: () => (a.setKeyPrefill(name), a.setView('keys')) });
  }
  if (/routelights keys move|in plain text/i.test(text)) out.push({ label: 'Open Keys', run: () => a.setView('keys') });
  // "Run a sentinel" is the inspector's first button already.
  if ((a.snapshot?.findings ?? []).some((f) => f.rule === 'trailing-comma' && (f.file === route.source.path || f.routeKey === route.key))) out.push({ label: 'Fix commas', run: () => void a.fixCommas() });
  return out;
}

export function Inspector({ route, rows, onFocusRow }: { route: RouteRecord; rows: RouteRecord[]; onFocusRow: (key: string | undefined) => void }) {
  const a = useApp((s) => s);
  const live = useApp((s) => s.progress[route.key]);
  const now = useNow(5000);
  const snapshot = a.snapshot;
  const surface = route.surface ? snapshot?.surfaces.find((x) => x.id === route.surface!.id) : undefined;
  const proof = proofText(route, live, now);
  const quota = routeQuotaPhrase(route, snapshot?.usage ?? [], now);
  const findings = (snapshot?.findings ?? []).filter((f) => f.routeKey === route.key);
  const remedies = remedyButtons(route, a);
  const actions = routeActions(route, a, rows, onFocusRow);
  const key = describeKey(route.settings.key);
  return (
    <aside className="inspector" data-inspector={route.key} aria-label={`Route ${route.id}`}>
      <h3 className="inspector-title">
        <Light color={route.light} label={`${route.id}: ${route.light}`} /> <span title={route.settings.displayName ?? route.id}>{route.settings.displayName ?? route.id}</span>
      </h3>
      <p className="mono inspector-id" title={route.id}>
        {route.id}
      </p>
      <p className="reason">
        {route.reason}
        {route.light !== 'green' ? <span className="remedy"> {route.remedy}</span> : null}
      </p>
      {remedies.length ? (
        <div className="remedies" role="group" aria-label="Remedies">
          {remedies.map((r) => (
            <button key={r.label} onClick={r.run}>
              {r.label}
            </button>
          ))}
        </div>
      ) : null}
      <div className="inspector-actions" role="group" aria-label="Route actions">
        <button className="primary" onClick={() => void a.runSentinels([route.key])} disabled={a.running || !route.used} aria-label={`Run sentinel for ${route.id}`} title={!route.used ? 'Droid ignores this entry: nothing to prove.' : a.running ? 'A run is going on.' : 'Prove it through the real Droid'}>
          Run sentinel
        </button>
        <button onClick={() => a.openEditor('edit', route)} aria-label={`Edit ${route.id}`}>
          Edit
        </button>
        <button onClick={() => a.openEditor('duplicate', route)} aria-label={`Duplicate ${route.id}`}>
          Duplicate
        </button>
        {actions
          .filter((x) => x.label.startsWith('Move') || x.label === 'Copy id')
          .map((x) => (
            <button key={x.label} onClick={x.run} disabled={!!x.disabled} title={x.disabled || undefined} aria-label={`${x.label} ${route.id}`}>
              {x.label}
            </button>
          ))}
        <button className="danger" onClick={actions.find((x) => x.label === 'Delete…')!.run} aria-label={`Delete ${route.id}`}>
          Delete
        </button>
      </div>
      <dl className="facts">
        <dt>Proof</dt>
        <dd data-proof={proof.state} title={proof.title}>
          {proof.text}
        </dd>
        <dt>Model</dt>
        <dd className="mono">{route.settings.model ?? '—'}</dd>
        <dt>Provider</dt>
        <dd className="mono">{route.settings.provider ?? '—'}</dd>
        <dt>Base URL</dt>
        <dd className="mono" title={route.settings.baseUrl ?? ''}>
          {route.settings.baseUrl ?? '—'}
        </dd>
        <dt>Key</dt>
        <dd className="mono">{key ?? 'none'}</dd>
        <dt>Surface</dt>
        <dd title={surface ? `${surface.reason}${surface.light === 'green' ? '' : `\n${surface.remedy}`}` : ''}>
          {route.surface ? (
            <>
              {route.surface.kind} <span className="mono">{route.surface.origin}</span>
              {surface?.latencyMs != null ? ` · ${surface.latencyMs} ms` : ''}
            </>
          ) : (
            '—'
          )}
        </dd>
        {quota ? (
          <>
            <dt>Quota</dt>
            <dd>{quota}</dd>
          </>
        ) : null}
        <dt>File</dt>
        <dd className="mono" title={route.source.path}>
          {route.source.path} · entry {route.source.position + 1}
        </dd>
        {route.source.project ? (
          <>
            <dt>Project</dt>
            <dd className="mono">{route.source.project}</dd>
          </>
        ) : null}
        {!route.used ? (
          <>
            <dt>Droid</dt>
            <dd>ignores this entry{route.instead ? `: it uses ${route.instead.split('#').pop()} instead` : ''}</dd>
          </>
        ) : null}
      </dl>
      {findings.length ? (
        <ul className="findings">
          {findings.map((f) => (
            <li key={f.rule + (f.field ?? '')} className={`finding ${f.severity}`} data-rule={f.rule}>
              <strong>{f.severity}</strong> {f.message} <em>{f.remedy}</em>
            </li>
          ))}
        </ul>
      ) : null}
    </aside>
  );
}
