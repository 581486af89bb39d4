// RouteLights' own small JSON files in its data folder (project folders, muted routes): read leniently
// (a missing or broken file reads as empty), written whole by rename, 0600 in a 0700 folder.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { fail, ok, type Result } from '../model/failure.ts';
import { fsFailure } from './fs-failure.ts';

/** The file's parsed JSON, or null when it is missing or not JSON. */
export async function readDataFile(dataDir: string, name: string): Promise<unknown> {
  const text = await fs.readFile(join(dataDir, name), 'utf8').catch(() => '');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export async function writeDataFile<T>(dataDir: string, name: string, value: T): Promise<Result<T>> {
  const path = join(dataDir, name);
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
    await fs.writeFile(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
    await fs.rename(temp, path);
    return ok(value);
  } catch (error) {
    await fs.rm(temp, { force: true });
    return fail(fsFailure('writing', path, error));
  }
}

/** The strings of a JSON list kept under `field`, each passing `keep`, without repeats. */
export function stringList(parsed: unknown, field: string, keep: (value: string) => boolean = () => true): string[] {
  const list = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>)[field] : undefined;
  return Array.isArray(list) ? [...new Set(list.filter((p): p is string => typeof p === 'string' && keep(p)))] : [];
}
