// Import and export of the route map between machines, with the same preview as the CLI's --dry-run.
import { useState } from 'react';
import { useApp } from '../hooks.ts';

export function ProfilesView() {
  const exported = useApp((s) => s.exported);
  const plan = useApp((s) => s.importPlan);
  const problem = useApp((s) => s.profileProblem);
  const planFor = useApp((s) => s.importPlanFor);
  const a = useApp((s) => s);
  const [text, setText] = useState('');
  const [overrides, setOverrides] = useState('');
  const list = () => overrides.split('\n').map((l) => l.trim()).filter(Boolean);
  // Import writes only what was previewed: a text changed since its preview needs a new one.
  const previewed = !!plan && !!planFor && planFor.text === text && planFor.overrides === list().join('\n');
  const importWhy = !plan ? 'Preview the import first.' : previewed ? null : 'The profile changed since its preview: preview it again.';

  return (
    <section aria-labelledby="profiles-title">
      <h2 id="profiles-title">Export</h2>
      <p className="muted">The route map without any key value: ids, models, names, providers, base URLs and key names.</p>
      <button onClick={() => void a.exportProfile()}>Export this machine’s routes</button>
      {exported ? (
        <>
          <a className="download" download="routelights-profile.json" href={`data:application/json;charset=utf-8,${encodeURIComponent(exported)}`}>
            Download routelights-profile.json
          </a>
          <textarea aria-label="Exported profile" readOnly value={exported} rows={8} />
        </>
      ) : null}
      <h2>Import</h2>
      <label className="field">
        Profile (paste the exported file)
        <textarea aria-label="Profile to import" value={text} onChange={(e) => setText(e.target.value)} rows={8} spellCheck={false} />
      </label>
      <label className="field">
        This machine’s base URLs (one ORIGIN=URL per line, kept for later imports)
        <textarea aria-label="Base URL overrides" value={overrides} onChange={(e) => setOverrides(e.target.value)} rows={2} spellCheck={false} placeholder="http://127.0.0.1:4000=http://10.0.0.5:4000" />
      </label>
      <div className="toolbar">
        <button onClick={() => void a.previewImport(text, list())}>Preview</button>
        <button className="primary" disabled={!previewed} title={importWhy ?? 'Write the previewed changes (one backup per file)'} aria-describedby="import-why" onClick={() => void a.applyImport(text, list())}>
          Import
        </button>
        <span id="import-why" className="muted">
          {importWhy ?? ''}
        </span>
      </div>
      {problem ? (
        <p role="alert" className="notice error">
          {problem}
        </p>
      ) : null}
      {plan ? (
        <div aria-label="Import preview" className={previewed ? '' : 'stale'}>
          <table>
            <thead>
              <tr>
                <th>Action</th>
                <th>Route</th>
                <th>Changes</th>
              </tr>
            </thead>
            <tbody>
              {plan.changes.map((c) => (
                <tr key={c.routeId} data-import={c.action}>
                  <td>{c.action}</td>
                  <td className="mono">{c.routeId}</td>
                  <td className="mono">{Object.entries(c.fields).map(([f, [from, to]]) => `${f}: ${JSON.stringify(from)} → ${JSON.stringify(to)}`).join('; ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {plan.missingKeys.length ? <p className="notice info">Keys this machine lacks: {plan.missingKeys.join(', ')} (set them in the Keys view).</p> : null}
          {plan.withoutKey.length ? <p className="notice info">Imported without a key (plain text on the other machine): {plan.withoutKey.join(', ')}.</p> : null}
        </div>
      ) : null}
    </section>
  );
}
