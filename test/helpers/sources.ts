// The route sources of a test's settings file: the user's three files, and project folders when given.
import { dirname, join } from 'node:path';
import type { RouteSources } from '../../app/settings/route-map.ts';

export function sources(settingsPath: string, projects: string[] = []): RouteSources {
  return { settingsPath, projects, backupRoot: join(dirname(settingsPath), 'routelights-data', 'backups') };
}
