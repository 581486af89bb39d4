// The three layers kept apart: the Droid account, and each surface with its door, reason and remedy,
// its kind and usage threshold (set here, kept by the service), and the usage of its accounts.
import { useState, type FormEvent } from 'react';
import type { SurfaceStatus, UsageReading } from '../../../app/model/snapshot.ts';
import { SURFACE_KINDS, type SurfaceKind } from '../../../app/model/surface-kind.ts';
import { clockTime, countPhrase, DEFAULT_LOW_PERCENT, windowPhrase } from '../../../app/model/usage.ts';
import { useApp } from '../hooks.ts';
import type { SurfacePreference } from '../store.ts';
import { Light } from './Light.tsx';
import { WindowMeter } from './Quota.tsx';

const ENV_NOTE = 'set by ROUTELIGHTS_SURFACE_KINDS';

/** "Warn below … % left": saved on Enter or when the field is left; empty means the default. */
function ThresholdInput({ origin, value }: { origin: string; value: number | null }) {
  const setSurface = useApp((s) => s.setSurface);
  const [text, setText] = useState(value === null ? '' : String(value));
  const [invalid, setInvalid] = useState<string | null>(null);
  const commit = async () => {
    const trimmed = text.trim();
    const next = trimmed === '' ? null : Number(trimmed);
    if (next !== null && (!Number.isFinite(next) || next < 0 || next > 100)) return setInvalid(`Give a share from 0 to 100, or leave it empty for the default ${DEFAULT_LOW_PERCENT} %.`);
    setInvalid(null);
    if (next !== value) await setSurface(origin, { lowPercent: next });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void commit();
  };
  return (
    <form className="threshold" onSubmit={submit}>
      <label>
        Warn below <input type="number" min={0} max={100} step={1} inputMode="numeric" value={text} placeholder={String(DEFAULT_LOW_PERCENT)} onChange={(e) => setText(e.target.value)} onBlur={() => void commit()} /> % left
      </label>{' '}
      <span className="muted">{value === null ? `(default ${DEFAULT_LOW_PERCENT} %)` : ''}</span>
      {invalid ? (
        <span role="alert" className="invalid">
          {' '}
          {invalid}
        </span>
      ) : null}
    </form>
  );
}

function SurfacePreferences({ surface, pref, loaded }: { surface: SurfaceStatus; pref: SurfacePreference | undefined; loaded: boolean }) {
  const setSurface = useApp((s) => s.setSurface);
  // The kind just chosen, shown while the service saves it (a refusal puts the saved one back).
  const [choosing, setChoosing] = useState<string | null>(null);
  const choose = async (value: string) => {
    setChoosing(value);
    await setSurface(surface.origin, { kind: value === '' ? null : (value as SurfaceKind) });
    setChoosing(null);
  };
  return (
    <div className="surface-prefs">
      {pref?.kindFromEnv ? (
        <p data-kind-from-env="">
          Kind: <strong>{pref.kind}</strong> <span className="muted">({ENV_NOTE})</span>
        </p>
      ) : (
        <label>
          Kind{' '}
          <select value={choosing ?? pref?.kind ?? ''} disabled={!loaded || choosing !== null} onChange={(e) => void choose(e.target.value)}>
            <option value="">from the host name</option>
            {SURFACE_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
      )}
      <ThresholdInput key={`${surface.origin}:${pref?.lowPercent ?? ''}`} origin={surface.origin} value={pref?.lowPercent ?? null} />
    </div>
  );
}

function UsageReadings({ readings, now }: { readings: UsageReading[]; now: Date }) {
  if (readings.length === 0) return null;
  return (
    <div className="usage">
      {readings.map((r) => (
        <div key={r.account} className="usage-reading" data-account={r.account}>
          <p>
            <strong>{r.label}</strong> <span className="muted">· spends {r.balance} · {r.readAt ? `read ${clockTime(r.readAt, now)}` : 'not read yet'}{r.nextAt ? ` · next reading ${clockTime(r.nextAt, now)}` : ''}</span>
          </p>
          {r.windows.length ? (
            <ul className="windows">
              {r.windows.map((w) => (
                <li key={w.id} data-window={w.id} data-state={w.state}>
                  <WindowMeter reading={r} window={w} now={now} />
                  <span>
                    {windowPhrase(w, now)}
                    {w.state === 'exhausted' ? ' — used up' : w.state === 'low' ? ` — below the ${r.lowPercent} % warning` : w.state === 'unknown' ? ' — reset since it was read' : ''}
                    {w.forRoutes ? '' : <span className="muted"> (route calls do not draw from it)</span>}
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
          {(['model', 'account'] as const).map((of) => {
            const counts = r.counts.filter((c) => c.of === of);
            return counts.length ? (
              <div key={of} className="counts">
                <span className="muted">Counted per {of}:</span>
                <ul>
                  {counts.map((c) => (
                    <li key={c.name} data-count={c.name}>
                      {countPhrase(c)}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null;
          })}
          {r.note ? <p className="muted">{r.note}</p> : null}
          {r.problem ? (
            <p className="usage-problem" data-usage-problem={r.problem.code}>
              Usage not read: {r.problem.reason} <span className="remedy">{r.problem.remedy}</span>
            </p>
          ) : null}
        </div>
      ))}
    </div>
  );
}

export function LayersView() {
  const snapshot = useApp((s) => s.snapshot);
  const prefs = useApp((s) => s.surfacePrefs);
  const problem = useApp((s) => s.surfacesProblem);
  const setSurface = useApp((s) => s.setSurface);
  if (!snapshot) return <p>Checking…</p>;
  const { droid, surfaces } = snapshot;
  const now = new Date();
  const byOrigin = new Map((prefs ?? []).map((p) => [p.origin, p]));
  const elsewhere = (prefs ?? []).filter((p) => !surfaces.some((x) => x.origin === p.origin));
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
      {problem ? (
        <p role="alert" className="notice error">
          {problem}
        </p>
      ) : null}
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
          <SurfacePreferences surface={x} pref={byOrigin.get(x.origin)} loaded={prefs !== null} />
          <UsageReadings readings={snapshot.usage.filter((r) => r.surfaceId === x.id)} now={now} />
        </div>
      ))}
      {elsewhere.length ? (
        <>
          <h3>Set for surfaces no route uses now</h3>
          <ul className="prefs-elsewhere">
            {elsewhere.map((p) => (
              <li key={p.origin} data-pref={p.origin}>
                <code>{p.origin}</code> {p.kind ? `kind ${p.kind}` : ''}
                {p.kind && p.lowPercent !== null ? ', ' : ''}
                {p.lowPercent !== null ? `warn below ${p.lowPercent} % left` : ''} {p.kindFromEnv ? <span className="muted">({ENV_NOTE})</span> : null}
                {!p.kindFromEnv || p.lowPercent !== null ? (
                  <button onClick={() => void setSurface(p.origin, p.kindFromEnv ? { lowPercent: null } : { kind: null, lowPercent: null })} aria-label={`Clear what is set for ${p.origin}`}>
                    Clear
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
