// The project folders whose `.factory/` routes RouteLights reads: Droid loads a repository's own routes
// when it runs there (docs/droid-notes.md). Kept as a list in the data folder (projects.json, 0600).
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { fail, ok, type Result } from '../model/failure.ts';
import { readDataFile, stringList, writeDataFile } from './data-file.ts';

const FILE = 'projects.json';

export async function readProjects(dataDir: string): Promise<string[]> {
  return stringList(await readDataFile(dataDir, FILE), 'projects', (p) => p.startsWith('/'));
}

async function save(dataDir: string, projects: readonly string[]): Promise<Result<string[]>> {
  const saved = await writeDataFile(dataDir, FILE, { projects: [...projects] });
  return saved.ok ? ok(saved.value.projects) : saved;
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
