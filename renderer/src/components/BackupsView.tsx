// Backups of settings.json, newest first, and restoring one (the current file is backed up first).
import { useApp } from '../hooks.ts';
import { TableHead } from './TableHead.tsx';

export function BackupsView() {
  const backups = useApp((s) => s.backups);
  const a = useApp((s) => s);
  return (
    <section aria-labelledby="backups-title">
      <h2 id="backups-title">Backups</h2>
      {backups.length === 0 ? (
        <p className="empty">No backups yet: RouteLights makes one before every save.</p>
      ) : (
        <table>
          <TableHead>
            <th>Backup</th>
            <th>Taken (UTC)</th>
            <th>Size</th>
          </TableHead>
          <tbody>
            {backups.map((b) => (
              <tr key={b.name}>
                <td className="mono">{b.name}</td>
                <td>{b.takenAt}</td>
                <td>{b.bytes} B</td>
                <td>
                  <button onClick={() => window.confirm(`Restore ${b.name}? The current file is backed up first.`) && void a.restoreBackup(b.name)} aria-label={`Restore ${b.name}`}>
                    Restore
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
