// The routes whose notifications the user switched off, by route key, kept in the data folder
// (muted-routes.json) so that a restart or an update does not turn them back on.
import { readDataFile, stringList, writeDataFile } from '../settings/data-file.ts';
import type { Result } from '../model/failure.ts';

const FILE = 'muted-routes.json';

export async function readMutedRoutes(dataDir: string): Promise<string[]> {
  return stringList(await readDataFile(dataDir, FILE), 'routes');
}

export async function writeMutedRoutes(dataDir: string, routes: readonly string[]): Promise<Result<{ routes: string[] }>> {
  return writeDataFile(dataDir, FILE, { routes: [...routes] });
}
