// Keys: names in the Keychain (never values), set or replace one through a password field that is
// never read back, delete, and move the plain-text keys of the route files into the Keychain: a preview
// first (what moves, under which name, what stays and why), then the move, then an Undo of it.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { KEY_NAME_PATTERN } from '../../../app/model/key-name.ts';
import { useApp } from '../hooks.ts';
import type { KeyMoves } from '../store.ts';
import { TableHead } from './TableHead.tsx';

type Move = KeyMoves['moves'][number];
const UNDO_MOVE = 'Undo the move?\n\nThe route files go back to exactly how they were just before it, plain-text keys included; a change saved since then is taken back too. The keys stay in the Keychain. The files as they are now are kept as backups first.';
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const names = (moves: readonly Move[]) => [...new Set(moves.flatMap((m) => (m.name ? [m.name] : [])))];

/** What Droid needs once a key is a reference: it expands ${NAME} from its own environment only. */
function LaunchNote({ keyNames }: { keyNames: string[] }) {
  return (
    <p className="note warning">
      After the move Droid reads {keyNames.length === 1 ? 'the key' : 'the keys'} from its environment: a plain <code>droid</code> no longer has {keyNames.length === 1 ? 'it' : 'them'}. Start it with <code>routelights exec -- droid</code>, or export {keyNames.length ? keyNames.map((n, i) => [i ? ', ' : '', <code key={n}>{n}</code>]) : 'the names'} in your shell first.
    </p>
  );
}

function MoveList({ moves, label }: { moves: readonly Move[]; label: string }) {
  return (
    <table aria-label={label}>
      <TableHead>
        <th>Route</th>
        <th>Field</th>
        <th>Key name</th>
        <th>{label === 'Left as they are' ? 'Why' : 'What changes'}</th>
      </TableHead>
      <tbody>
        {moves.map((m) => (
          <tr key={`${m.routeId} ${m.field} ${m.status}`} data-move={m.status} data-route-id={m.routeId}>
            <td className="mono" style={{ whiteSpace: 'nowrap' }}>{m.routeId}</td>
            <td className="mono" style={{ whiteSpace: 'nowrap' }}>{m.field}</td>
            <td className="mono" style={{ whiteSpace: 'nowrap' }}>{m.name ?? '—'}</td>
            <td>{m.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MovePreview({ plan, onApply, onCancel }: { plan: KeyMoves; onApply: () => void; onCancel: () => void }) {
  const planned = plan.moves.filter((m) => m.status === 'planned');
  const skipped = plan.moves.filter((m) => m.status !== 'planned');
  return (
    <div className="card" role="region" aria-label="Preview of the move" data-preview="keys-move">
      <h3>{planned.length ? `${plural(planned.length, 'key')} to move, nothing written yet` : 'No plain-text key to move'}</h3>
      {planned.length ? (
        <>
          <p>Each key goes into the Keychain under its name, and its route gets a ${'{NAME}'} reference instead. One backup is taken per file, and the whole move can be undone.</p>
          <MoveList moves={planned} label="Will move" />
          <LaunchNote keyNames={names(planned)} />
        </>
      ) : null}
      {skipped.length ? (
        <>
          <h4>{plural(skipped.length, 'secret')} left as {skipped.length === 1 ? 'it is' : 'they are'}</h4>
          <MoveList moves={skipped} label="Left as they are" />
        </>
      ) : null}
      <div className="footer-buttons">
        {planned.length ? <button onClick={onApply}>{`Move ${plural(planned.length, 'key')}`}</button> : null}
        <button onClick={onCancel}>{planned.length ? 'Cancel' : 'Close'}</button>
      </div>
    </div>
  );
}

function MoveDone({ report, onUndo, onBackups }: { report: KeyMoves; onUndo: () => void; onBackups: () => void }) {
  const moved = report.moves.filter((m) => m.status === 'moved');
  const skipped = report.moves.filter((m) => m.status !== 'moved');
  return (
    <div className="notice info" role="status" aria-label="The move" data-moved={moved.length}>
      <p>{moved.length ? `Moved ${plural(moved.length, 'key')} to the Keychain: ${moved.map((m) => m.routeId).join(', ')}.` : 'Nothing was moved.'}</p>
      {skipped.length ? <MoveList moves={skipped} label="Left as they are" /> : null}
      {moved.length ? <LaunchNote keyNames={names(moved)} /> : null}
      {report.backupsWithKeys.length ? (
        <p>
          {plural(report.backupsWithKeys.length, 'older backup')} still {report.backupsWithKeys.length === 1 ? 'holds' : 'hold'} the plain-text key.{' '}
          <button className="link" onClick={onBackups}>
            See them in Backups
          </button>
        </p>
      ) : null}
      {report.actionId ? (
        <p>
          <button onClick={onUndo}>Undo</button> <span className="muted">puts the route files back as they were, plain-text keys included; the keys stay in the Keychain (delete them below if nothing uses them).</span>
        </p>
      ) : null}
    </div>
  );
}

export function KeysView() {
  const keys = useApp((s) => s.keys);
  const problem = useApp((s) => s.keysProblem);
  const report = useApp((s) => s.moveReport);
  const plan = useApp((s) => s.movePlan);
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
      <button onClick={() => void a.previewMoveKeys()} aria-expanded={!!plan}>
        Move plain-text keys to the Keychain
      </button>
      {plan ? <MovePreview plan={plan} onApply={() => void a.moveKeys()} onCancel={() => a.cancelMoveKeys()} /> : null}
      {report ? <MoveDone report={report} onUndo={() => window.confirm(UNDO_MOVE) && void a.undoMoveKeys()} onBackups={() => a.setView('backups')} /> : null}
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
