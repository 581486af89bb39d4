// Backups as a history of user actions: one entry per action RouteLights took a backup before (the
// action in words, the routes it touched, its age), its changes against the file now (secrets masked),
// Undo of the action, Restore of that version once its changes were shown, and scrubbing the backups
// that still hold a key in clear.
import { ago } from '../../../app/model/ago.ts';
import { useApp, useNow } from '../hooks.ts';
import type { Backup, BackupDiff } from '../store.ts';

interface Entry {
  /** The backup the entry stands for (the one `backups.undo` restores for this file). */
  backup: Backup;
  /** Every backup of this file the action took (one, since a backup is taken once per file per action). */
  count: number;
}

/** One entry per user action; a backup with no action noted is an entry of its own. */
function entriesOf(backups: readonly Backup[]): Entry[] {
  const entries: Entry[] = [];
  const byAction = new Map<string, Entry>();
  for (const backup of backups) {
    const seen = backup.actionId ? byAction.get(backup.actionId) : undefined;
    if (seen) {
      seen.count++;
      continue;
    }
    const entry = { backup, count: 1 };
    entries.push(entry);
    if (backup.actionId) byAction.set(backup.actionId, entry);
  }
  return entries;
}

const words = (b: Backup) => b.action ?? 'Before an earlier change';
const localTime = (at: string) => new Date(at).toLocaleString();
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function Diff({ diff, file }: { diff: BackupDiff; file: string }) {
  const removed = diff.lines.filter((l) => l.kind === 'remove').length;
  const added = diff.lines.filter((l) => l.kind === 'add').length;
  return (
    <div className="diff" aria-label={`Changes between this version and ${file} now`} data-diff={diff.name}>
      {diff.identical || (removed === 0 && added === 0) ? (
        <p>This version is the same as the file now: restoring it changes nothing.</p>
      ) : (
        <>
          <p className="muted">
            Lines marked − are in this version and not in the file now ({plural(removed, 'line')}): Restore puts them back. Lines marked + are in the file now and not in this version ({plural(added, 'line')}): Restore takes them out. Keys and credentials are masked.
          </p>
          <pre>
            {diff.lines.map((line, i) => (
              <div key={i} className={`diff-${line.kind}`} data-line={line.kind}>
                <span aria-label={line.kind === 'remove' ? 'in this version only: ' : line.kind === 'add' ? 'in the file now only: ' : undefined}>{line.kind === 'add' ? '+ ' : line.kind === 'remove' ? '− ' : '  '}</span>
                {line.text}
              </div>
            ))}
          </pre>
        </>
      )}
    </div>
  );
}

export function BackupsView() {
  const backups = useApp((s) => s.backups);
  const file = useApp((s) => s.backupsFile);
  const problem = useApp((s) => s.backupsProblem);
  const diff = useApp((s) => s.backupDiff);
  const snapshot = useApp((s) => s.snapshot);
  const a = useApp((s) => s);
  const now = useNow(15_000);

  const files = [...new Set([snapshot?.settingsPath, ...(snapshot?.routes ?? []).map((r) => r.source.path), file].filter((f): f is string => !!f))];
  const entries = entriesOf(backups);
  const withKeys = backups.filter((b) => b.holdsPlainKey).length;
  const name = file ?? 'settings.json';

  const undo = (entry: Entry, index: number) => {
    const b = entry.backup;
    const later = index;
    const text = [
      `Undo “${words(b)}” (${ago(b.takenAt, now)})?`,
      `${name}${b.routes.length ? ` (${b.routes.join(', ')})` : ''} goes back to exactly how it was just before that action; any other file the action wrote goes back too.`,
      later ? `That also takes back the ${plural(later, 'later change')} listed above it.` : '',
      'The files as they are now are kept as backups first, so this can be undone as well.',
    ]
      .filter(Boolean)
      .join('\n\n');
    if (b.actionId && window.confirm(text)) void a.undoAction(b.actionId, words(b));
  };
  const restore = (b: Backup) => {
    const text = `Restore ${name} to the version from ${localTime(b.takenAt)} (${words(b).toLowerCase()})?\n\nThe file becomes exactly that version: the − lines shown come back and the + lines go. The file as it is now is kept as a backup first.`;
    if (window.confirm(text)) void a.restoreBackup(b.name);
  };
  const scrub = () => {
    const text = `Delete the ${plural(withKeys, 'backup')} of ${name} that still hold a key or credential in clear?\n\nThose versions can no longer be restored or undone. The other backups and the file itself stay as they are.`;
    if (window.confirm(text)) void a.scrubBackups();
  };

  return (
    <section aria-labelledby="backups-title" data-plain-backups={withKeys}>
      <h2 id="backups-title">Backups</h2>
      <p className="muted">RouteLights keeps the file as it was before each change it makes: undo a change, or restore a version after seeing what it would change.</p>
      {files.length > 1 ? (
        <label>
          File{' '}
          <select value={file ?? ''} onChange={(e) => void a.loadBackups(e.target.value)}>
            {files.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
      ) : file ? (
        <p className="mono">{file}</p>
      ) : null}
      {problem ? (
        <p role="alert" className="notice error">
          {problem}
        </p>
      ) : null}
      {withKeys > 0 ? (
        <div className="notice error" role="region" aria-label="Backups holding a key in clear">
          {plural(withKeys, 'backup')} still {withKeys === 1 ? 'holds' : 'hold'} a key in clear.
          <button onClick={scrub}>Scrub them</button>
        </div>
      ) : null}
      {entries.length === 0 ? (
        <p className="empty">No backups yet: RouteLights makes one before every change it writes.</p>
      ) : (
        <ol className="history" aria-label="History of changes" style={{ listStyle: 'none', padding: 0 }}>
          {entries.map((entry, i) => {
            const b = entry.backup;
            const shown = diff?.name === b.name ? diff : null;
            return (
              <li key={b.name} className="card" data-backup={b.name} data-action={b.action ?? ''}>
                <p>
                  <strong className={b.action ? undefined : 'muted'}>{words(b)}</strong>{' '}
                  <time dateTime={b.takenAt} title={`Before this change: ${localTime(b.takenAt)}`} className="muted">
                    {ago(b.takenAt, now)}
                  </time>
                </p>
                {b.routes.length ? (
                  <p>
                    Routes: <span className="mono">{b.routes.join(', ')}</span>
                  </p>
                ) : null}
                {b.holdsPlainKey ? <p className="note warning">This version holds a key in clear.</p> : null}
                <div className="footer-buttons">
                  <button aria-expanded={!!shown} onClick={() => void (shown ? a.hideBackupDiff() : a.showBackupDiff(b.name))} aria-label={`${shown ? 'Hide' : 'Show'} changes: ${words(b)}, ${ago(b.takenAt, now)}`}>
                    {shown ? 'Hide changes' : 'Show changes'}
                  </button>
                  {b.actionId ? (
                    <button onClick={() => undo(entry, i)} aria-label={`Undo this: ${words(b)}, ${ago(b.takenAt, now)}`}>
                      Undo this
                    </button>
                  ) : null}
                  <button disabled={!shown} title={shown ? 'Put this version back' : 'Show the changes first: Restore puts back exactly what they show'} onClick={() => restore(b)} aria-label={`Restore this version: ${words(b)}, ${ago(b.takenAt, now)}`}>
                    Restore this version
                  </button>
                </div>
                {shown ? <Diff diff={shown} file={name} /> : null}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
