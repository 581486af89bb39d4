// `routelights backups …`: the backups of a route file, and restoring one with the safe write.
import { withConnection } from '../connect.ts';
import type { CommandContext } from '../program.ts';
import { sourcePath } from '../source-option.ts';
import { renderTable } from '../table.ts';

export async function list(ctx: CommandContext, options: { settings?: string; source?: string; json?: boolean }): Promise<void> {
  const file = sourcePath(options.source, ctx.io, options.settings);
  await withConnection(ctx.io, options, async ({ api }) => {
    const answer = await api.call('backups.list', file ? { file } : {});
    if (options.json) return ctx.io.stdout(`${JSON.stringify({ settingsPath: answer.file, backups: answer.backups }, null, 2)}\n`);
    if (answer.backups.length === 0) return ctx.io.stdout(`No backups of ${answer.file} yet.\n`);
    ctx.io.stdout(renderTable(['NAME', 'TAKEN (UTC)', 'BYTES'], answer.backups.map((b) => [b.name, b.takenAt, String(b.bytes)]), ctx.io.columns));
  });
}

export async function restore(ctx: CommandContext, name: string, options: { settings?: string; source?: string }): Promise<void> {
  const file = sourcePath(options.source, ctx.io, options.settings);
  await withConnection(ctx.io, options, async ({ api }) => {
    await api.call('backups.restore', { name, ...(file ? { file } : {}) });
    ctx.io.stderr(`Restored ${name}${file ? ` to ${file}` : ''} (the replaced file was backed up first).\n`);
  });
}
