// The project folders whose `.factory/` routes RouteLights reads: Droid loads a repository's own routes
// when it runs there (docs/droid-notes.md). Kept as a list in the data folder (projects.json, 0600).
import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { fail, ok, type Result } from '../model/failure.ts';
import { fsFailure } from './fs-failure.ts';

export function projectsFile(dataDir: string): string {
  return join(dataDir, 'projects.json');
}

export async function readProjects(dataDir: string): Promise<string[]> {
  const text = await fs.readFile(projectsFile(dataDir), 'utf8').catch(() => '');
  try {
    const parsed: unknown = JSON.parse(text);
    const list = (parsed as { projects?: unknown }).projects;
    return Array.isArray(list) ? [...new Set(list.filter((p): p is string => typeof p === 'string' && p.startsWith('/')))] : [];
  } catch {
    return [];
  }
}

async function save(dataDir: string, projects: readonly string[]): Promise<Result<string[]>> {
  const path = projectsFile(dataDir);
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
    await fs.writeFile(temp, `${JSON.stringify({ projects }, null, 2)}\n`, { mode: 0o600 });
    await fs.rename(temp, path);
    return ok([...projects]);
  } catch (error) {
    await fs.rm(temp, { force: true });
    return fail(fsFailure('writing', path, error));
  }
}

/** Adds a folder (it must exist); adding one twice changes nothing. */
export async function addProject(dataDir: string, folder: string): Promise<Result<string[]>> {
  const path = resolve(folder);
  const stat = await fs.stat(path).catch(() => null);
  if (!stat?.isDirectory()) return fail({ layer: 'usage', code: 'not-a-folder', reason: `${path} is not a folder.`, remedy: 'Give the path of a repository (the folder that holds .factory/ or will).' });
  const projects = await readProjects(dataDir);
  return projects.includes(path) ? ok(projects) : save(dataDir, [...projects, path]);
}

export async function removeProject(dataDir: string, folder: string): Promise<Result<string[]>> {
  const path = resolve(folder);
  const projects = await readProjects(dataDir);
  if (!projects.includes(path)) return fail({ layer: 'usage', code: 'unknown-project', reason: `${path} is not one of RouteLights' project folders.`, remedy: projects.length ? `Use one of: ${projects.join(', ')}.` : 'There are none yet.' });
  return save(dataDir, projects.filter((p) => p !== path));
}
