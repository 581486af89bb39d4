// The backups RouteLights keeps of a settings file (`settings.json.backup-<UTC YYYYMMDDTHHMMSSZ>`, the
// field guide's naming), beside the file or in the folder paths.ts names for it: naming, listing newest
// first, pruning to a count.
import { promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { actionNotePath } from './backup-actions.ts';

export interface BackupInfo {
  name: string;
  path: string;
  /** When the backup was taken, from its name (UTC). */
  takenAt: string;
  bytes: number;
}

const STAMP = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z(?:-(\d+))?$/;

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** `settings.json.backup-20261124T174500Z`, with `-N` when that second already has a backup. */
export function backupName(base: string, date: Date, attempt = 0): string {
  return `${base}.backup-${stamp(date)}${attempt > 0 ? `-${attempt}` : ''}`;
}

interface Parsed {
  name: string;
  takenAt: string;
  order: [string, number];
}

function parseBackupName(base: string, name: string): Parsed | null {
  const prefix = `${base}.backup-`;
  if (!name.startsWith(prefix)) return null;
  const m = STAMP.exec(name.slice(prefix.length));
  if (!m) return null;
  const takenAt = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`;
  return { name, takenAt, order: [takenAt, Number(m[7] ?? 0)] };
}

/** The folder a file's backups are in when no other is named: beside the file. */
export function besideFile(settingsPath: string): string {
  return dirname(resolve(settingsPath));
}

async function parsedBackups(settingsPath: string, dir: string): Promise<Parsed[]> {
  const base = basename(settingsPath);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  return names
    .map((name) => parseBackupName(base, name))
    .filter((p): p is Parsed => p !== null)
    .sort((a, b) => (a.order[0] === b.order[0] ? b.order[1] - a.order[1] : a.order[0] < b.order[0] ? 1 : -1));
}

/** True when `name` is one of this settings file's backups (never a path: no traversal). */
export function isBackupName(settingsPath: string, name: string): boolean {
  return parseBackupName(basename(settingsPath), name) !== null;
}

export async function listBackups(settingsPath: string, dir = besideFile(settingsPath)): Promise<BackupInfo[]> {
  const out: BackupInfo[] = [];
  for (const p of await parsedBackups(settingsPath, dir)) {
    const path = join(dir, p.name);
    const stat = await fs.stat(path).catch(() => null);
    if (stat?.isFile()) out.push({ name: p.name, path, takenAt: p.takenAt, bytes: stat.size });
  }
  return out;
}

/** Deletes a backup and the note of the action it preceded. */
export async function removeBackup(path: string): Promise<void> {
  await Promise.all([fs.rm(path, { force: true }), fs.rm(actionNotePath(path), { force: true })]);
}

/** Deletes all but the newest `keep` backups. */
export async function pruneBackups(settingsPath: string, keep: number, dir = besideFile(settingsPath)): Promise<void> {
  const stale = (await parsedBackups(settingsPath, dir)).slice(keep);
  await Promise.all(stale.map((p) => removeBackup(join(dir, p.name))));
}
