// `routelights backups …`: the backups beside settings.json, and restoring one with the safe write.
import type { Command } from 'commander';
import { orThrow } from '../../model/failure.ts';
import { listBackups } from '../../settings/backups.ts';
import { resolveSettingsPath } from '../../settings/paths.ts';
import { restoreBackup } from '../../settings/restore.ts';
import type { CliIo } from '../io.ts';
import { renderTable } from '../table.ts';
import type { SettingsOption } from './routes.ts';

export function registerBackups(program: Command, io: CliIo): void {
  const backups = program.command('backups').description('backups RouteLights made of settings.json');

  backups
    .command('list')
    .description('list backups, newest first')
    .option('--settings <path>', 'settings.json to use')
    .option('--json', 'print one JSON document')
    .action(async (options: SettingsOption & { json?: boolean }) => {
      const settingsPath = resolveSettingsPath(options.settings, io.env);
      const list = await listBackups(settingsPath);
      if (options.json) return io.stdout(`${JSON.stringify({ settingsPath, backups: list }, null, 2)}\n`);
      if (list.length === 0) return io.stdout(`No backups beside ${settingsPath} yet.\n`);
      io.stdout(renderTable(['NAME', 'TAKEN (UTC)', 'BYTES'], list.map((b) => [b.name, b.takenAt, String(b.bytes)]), 80));
    });

  backups
    .command('restore <name>')
    .description('put a backup back as settings.json (the current file is backed up first)')
    .option('--settings <path>', 'settings.json to use')
    .action(async (name: string, options: SettingsOption) => {
      const settingsPath = resolveSettingsPath(options.settings, io.env);
      const outcome = orThrow(await restoreBackup(settingsPath, name));
      io.stderr(`Restored ${name} to ${settingsPath}${outcome.backupPath ? ` (the replaced file is in ${outcome.backupPath})` : ''}\n`);
    });
}
