// The temporary folders a sentinel run makes: Droid's working folders (in the system's temp folder; they
// hold no key) and draft settings (they hold the draft's key: in RouteLights' own data folder, mode 0700).
// Each is remembered until removed, so that an interrupt or Node's exit removes it at once; what a crash
// left is swept at the next start, recognised by the process id in its name.
import { rmSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processAlive } from '../settings/safe-write.ts';

export const DROID_FOLDER_PREFIX = 'routelights-sentinel-';
export const DRAFT_FOLDER_PREFIX = 'routelights-draft-';

const held = new Set<string>();
let exitHookInstalled = false;

/** Where draft settings files are made: inside RouteLights' data folder, never the shared temp folder. */
export function draftsFolder(dataDir: string): string {
  return join(dataDir, 'drafts');
}

/** A new private folder (0700) under `parent`, named with this process's id and removed when the process ends. */
export async function makeScratch(parent: string, prefix: string): Promise<string> {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', removeAllScratch);
  }
  await mkdir(parent, { recursive: true, mode: 0o700 });
  const dir = await mkdtemp(join(parent, `${prefix}${process.pid}-`));
  held.add(dir);
  return dir;
}

/** A folder for Droid to work in: the system's temp folder, outside any repository (Droid merges every `.factory/` up to a repository's root). */
export function makeDroidFolder(): Promise<string> {
  return makeScratch(tmpdir(), DROID_FOLDER_PREFIX);
}

export async function removeScratch(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  held.delete(dir);
}

/** Removes every folder still held, synchronously (a signal handler cannot wait); answers how many. */
export function removeAllScratch(): number {
  const count = held.size;
  for (const dir of held) rmSync(dir, { recursive: true, force: true });
  held.clear();
  return count;
}

/**
 * Removes the folders that a RouteLights no longer running left: in each parent, only those with that
 * parent's own prefix and a process id (`<prefix><pid>-…`), and only this user's.
 */
export async function sweepScratch(places: ReadonlyArray<[parent: string, prefix: string]>): Promise<number> {
  let swept = 0;
  const uid = process.getuid?.();
  for (const [parent, prefix] of places) {
    const leftBy = new RegExp(`^${prefix}(\\d+)-[^/]+$`);
    for (const name of await readdir(parent).catch(() => [] as string[])) {
      const pid = Number(leftBy.exec(name)?.[1] ?? NaN);
      if (!Number.isInteger(pid) || pid === process.pid || processAlive(pid)) continue;
      const path = join(parent, name);
      const stat = await lstat(path).catch(() => null);
      if (!stat?.isDirectory() || (uid !== undefined && stat.uid !== uid)) continue;
      await rm(path, { recursive: true, force: true });
      swept++;
    }
  }
  return swept;
}
