// Project folders: the repositories whose `.factory/` routes Droid loads when it runs there. Each folder
// read here gives its routes their own rows in Routes (with their own lint, edits and backups).
import { useState, type FormEvent } from 'react';
import { useApp } from '../hooks.ts';
import { TableHead } from './TableHead.tsx';

export function ProjectsView() {
  const projects = useApp((s) => s.projects);
  const problem = useApp((s) => s.projectsProblem);
  const a = useApp((s) => s);
  const [path, setPath] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await a.addProject(path.trim())) setPath('');
  };

  return (
    <section aria-labelledby="projects-title">
      <h2 id="projects-title">Project folders</h2>
      <p className="muted">Run inside a repository, Droid also uses the routes in its .factory/settings.json and settings.local.json, before your own (a project&apos;s entry wins its id).</p>
      {problem ? (
        <p role="alert" className="notice error">
          {problem}
        </p>
      ) : null}
      {projects.length === 0 ? (
        <p className="empty">No project folders yet.</p>
      ) : (
        <table className="projects">
          <TableHead>
            <th>Folder</th>
            <th>Routes</th>
            <th>Files</th>
          </TableHead>
          <tbody>
            {projects.map((p) => (
              <tr key={p.path} data-project={p.path}>
                <td className="mono">{p.path}</td>
                <td>{p.routes}</td>
                <td>{p.files.map((f) => `${f.path.slice(p.path.length + 1)}${f.exists ? '' : ' (none yet)'}`).join(', ')}</td>
                <td>
                  <button onClick={() => void a.removeProject(p.path)} aria-label={`Stop reading ${p.path}`}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={(e) => void submit(e)} className="add-project" aria-label="Add a project folder">
        <label>
          Folder <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/Users/you/code/my-repo" required spellCheck={false} autoComplete="off" />
        </label>
        <button type="submit">Add folder</button>
      </form>
    </section>
  );
}
