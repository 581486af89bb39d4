// The three layers kept apart: the Droid account, and each surface with its door, reason and remedy.
import { useApp } from '../hooks.ts';
import { Light } from './Light.tsx';

export function LayersView() {
  const snapshot = useApp((s) => s.snapshot);
  if (!snapshot) return <p>Checking…</p>;
  const { droid, surfaces } = snapshot;
  return (
    <section aria-labelledby="layers-title">
      <h2 id="layers-title">Droid account</h2>
      <div className="card" data-layer="droid">
        <p>
          <Light color={droid.light} label={`Droid account: ${droid.light}`} /> Droid {droid.version ?? '(not found)'} — {droid.reason}
        </p>
        {droid.light !== 'green' ? <p className="remedy">{droid.remedy}</p> : null}
        <details>
          <summary>Doctor checks ({droid.checks.length})</summary>
          <ul>
            {droid.checks.map((c) => (
              <li key={c.id}>
                <code>{c.id}</code> {c.status}: {c.detail}
              </li>
            ))}
          </ul>
        </details>
      </div>
      <h2>Surfaces</h2>
      {surfaces.map((x) => (
        <div key={x.id} className="card" data-surface={x.origin}>
          <p>
            <Light color={x.light} label={`${x.origin}: ${x.light}`} /> <strong>{x.kind}</strong> <code>{x.origin}</code> {x.latencyMs === null ? '' : `· ${x.latencyMs} ms`}
          </p>
          <p>{x.reason}</p>
          {x.light !== 'green' ? <p className="remedy">{x.remedy}</p> : null}
          {x.notes.map((n) => (
            <p key={n.message} className={`note ${n.severity}`}>
              {n.message} {n.remedy}
            </p>
          ))}
          {x.models ? <p className="muted">Lists: {x.models.slice(0, 20).join(', ')}{x.models.length > 20 ? ` … (${x.models.length})` : ''}</p> : null}
        </div>
      ))}
    </section>
  );
}
