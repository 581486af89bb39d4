// Where Droid's settings live: --settings, else $ROUTELIGHTS_SETTINGS, else ~/.factory/settings.json;
// and the two files Droid reads beside it (settings.local.json and the legacy config.json).
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export interface SettingsPaths {
  settings: string;
  local: string;
  legacy: string;
}

export function resolveSettingsPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, home = env.HOME || homedir()): string {
  const chosen = flag ?? env.ROUTELIGHTS_SETTINGS;
  if (chosen !== undefined && chosen !== '') return resolve(chosen.replace(/^~(?=$|\/)/, home));
  return join(home, '.factory', 'settings.json');
}

export function settingsPaths(settingsPath: string): SettingsPaths {
  const dir = dirname(settingsPath);
  return { settings: settingsPath, local: join(dir, 'settings.local.json'), legacy: join(dir, 'config.json') };
}
