// Where RouteLights keeps its own data (sentinel history…): $ROUTELIGHTS_HOME, else the platform's
// app-data folder. Never Droid's folder, never beside the user's settings.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function dataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.ROUTELIGHTS_HOME) return env.ROUTELIGHTS_HOME;
  const home = env.HOME ?? homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'RouteLights');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'RouteLights');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'routelights');
}
