// Where a running RouteLights (the menu bar app or `routelights serve`) listens for the CLI: a Unix
// socket in the data folder, one per settings file, so that a command for another file never reaches it.
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';

/** Unix socket paths are limited to 104–108 bytes; a longer one is bound elsewhere and linked from here. */
export const MAX_SOCKET_PATH = 100;

export function socketPathFor(dataDir: string, settingsPath: string): string {
  return join(dataDir, `app-${createHash('sha256').update(resolve(settingsPath)).digest('hex').slice(0, 12)}.sock`);
}
