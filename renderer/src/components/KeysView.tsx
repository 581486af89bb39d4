// Keys: names in the Keychain (never values), set or replace one through a password field that is
// never read back, delete, and move the plain-text keys of settings.json into the Keychain.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { KEY_NAME_PATTERN } from '../../../app/model/key-name.ts';
import { useApp } from '../hooks.ts';
import { TableHead } from './TableHead.tsx';

export function KeysView() {
  const keys = useApp((s) => s.keys);
  const problem = useApp((s) => s.keysProblem);
  const report = useApp((s) => s.moveReport);
  const a = useApp((s) => s);
  const prefill = useApp((s) => s.keyPrefill);
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const valueRef = useRef<HTMLInputElement>(null);
  // A "Set key" remedy opens this view with the name filled: the value is what is left to give.
  useEffect(() => {
    if (!prefill) return;
    setName(prefill);
    a.setKeyPrefill(null);
    valueRef.current?.focus();
  }, [prefill, a]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const done = await a.setKey(name, value);
    setValue('');
    if (done) setName('');
  };

  return (
    <section aria-labelledby="keys-title">
      <h2 id="keys-title">Keys in the Keychain</h2>
      {problem ? (
        <p role="alert" className="notice error">
          {problem}
        </p>
      ) : null}
      <button onClick={() => void a.moveKeys()}>Move plain-text keys to the Keychain</button>
      {report ? (
        <ul className="moves" aria-live="polite">
          {report.moves.map((m) => (
            <li key={`${m.routeId} ${m.field}`}>
              {m.routeId} ({m.field}): {m.status} {m.detail}
            </li>
          ))}
          {report.backupsWithKeys.length ? <li>{report.backupsWithKeys.length} older backup(s) still hold the plain-text key.</li> : null}
        </ul>
      ) : null}
      <table className="keys">
        <TableHead>
          <th>Name</th>
          <th>In Keychain</th>
          <th>In environment</th>
          <th>Used by</th>
        </TableHead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.name} data-key={k.name}>
              <td className="mono">{k.name}</td>
              <td>{k.inKeychain === null ? 'unknown: the keychain is unavailable' : k.inKeychain ? 'yes' : 'missing'}</td>
              <td>{k.inEnvironment ? 'set' : '—'}</td>
              <td>{k.routes.join(', ') || '—'}</td>
              <td>
                <button
                  onClick={() => {
                    setName(k.name);
                    valueRef.current?.focus();
                  }}
                  aria-label={`Replace ${k.name}`}
                >
                  Replace
                </button>
                {k.inKeychain ? (
                  <button className="danger" onClick={() => window.confirm(`Delete ${k.name} from the Keychain?`) && void a.deleteKey(k.name)} aria-label={`Delete ${k.name}`}>
                    Delete
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={(e) => void submit(e)} className="set-key" aria-label="Set a key">
        <label>
          Name <input value={name} onChange={(e) => setName(e.target.value)} pattern={KEY_NAME_PATTERN} required autoComplete="off" spellCheck={false} />
        </label>
        <label>
          Value <input ref={valueRef} type="password" value={value} onChange={(e) => setValue(e.target.value)} required autoComplete="new-password" />
        </label>
        <button type="submit">Store in Keychain</button>
      </form>
    </section>
  );
}
