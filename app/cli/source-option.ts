// `--source`: which route file a command means when an id stands in several. The user's three files go
// by their names; any other (a project's) by its path.
import { resolve } from 'node:path';
import { resolveSettingsPath, settingsPaths } from '../settings/paths.ts';
import type { CliIo } from './io.ts';

export function sourcePath(value: string | undefined, io: CliIo, settings: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const paths = settingsPaths(resolveSettingsPath(settings, io.env));
  const named: Record<string, string> = { settings: paths.settings, 'settings.json': paths.settings, 'settings.local': paths.local, 'settings.local.json': paths.local, 'legacy-config': paths.legacy, 'config.json': paths.legacy };
  return named[value] ?? resolve(value);
}
