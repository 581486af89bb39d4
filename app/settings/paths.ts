// Where Droid's settings live: --settings, else $ROUTELIGHTS_SETTINGS, else ~/.factory/settings.json;
// the two files Droid reads beside it (settings.local.json and the legacy config.json); and a project's
// two files (`.factory/settings.json` and `.factory/settings.local.json` in the repository).
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export interface SettingsPaths {
  settings: string;
  local: string;
  legacy: string;
}

export function defaultSettingsPath(env: NodeJS.ProcessEnv = process.env, home = env.HOME || homedir()): string {
  return join(home, '.factory', 'settings.json');
}

export function resolveSettingsPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, home = env.HOME || homedir()): string {
  const chosen = flag ?? env.ROUTELIGHTS_SETTINGS;
  if (chosen !== undefined && chosen !== '') return resolve(chosen.replace(/^~(?=$|\/)/, home));
  return defaultSettingsPath(env, home);
}

export function settingsPaths(settingsPath: string): SettingsPaths {
  const dir = dirname(settingsPath);
  return { settings: settingsPath, local: join(dir, 'settings.local.json'), legacy: join(dir, 'config.json') };
}

export function projectPaths(project: string): { settings: string; local: string } {
  return { settings: join(project, '.factory', 'settings.json'), local: join(project, '.factory', 'settings.local.json') };
}

/**
 * Where a file's backups go: beside the user's own files (the field guide's habit), but in RouteLights'
 * data folder for a project's files, so that no backup (which may hold a key) lands in a repository.
 */
export function backupDirFor(file: string, project: string | null, backupRoot: string): string {
  if (project === null) return dirname(resolve(file));
  return join(backupRoot, createHash('sha256').update(resolve(project)).digest('hex').slice(0, 12));
}
