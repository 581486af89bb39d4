// `routelights backups …`: the backups of a route file as a history (the action each preceded), a diff
// before a restore, restoring one, undoing an action, and scrubbing those that still hold a key.
import { ago } from '../../model/ago.ts';
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
    ctx.io.stdout(renderTable(['NAME', 'TAKEN', 'BEFORE', 'ACTION ID', 'KEY IN CLEAR'], answer.backups.map((b) => [b.name, ago(b.takenAt, new Date()), b.action ?? '-', b.actionId ?? '-', b.holdsPlainKey ? 'yes' : '-']), ctx.io.columns));
  });
}

export async function restore(ctx: CommandContext, name: string, options: { settings?: string; source?: string }): Promise<void> {
  const file = sourcePath(options.source, ctx.io, options.settings);
  await withConnection(ctx.io, options, async ({ api }) => {
    await api.call('backups.restore', { name, ...(file ? { file } : {}) });
    ctx.io.stderr(`Restored ${name}${file ? ` to ${file}` : ''} (the replaced file was backed up first).\n`);
  });
}

export async function diff(ctx: CommandContext, name: string, options: { settings?: string; source?: string }): Promise<void> {
  const file = sourcePath(options.source, ctx.io, options.settings);
  await withConnection(ctx.io, options, async ({ api }) => {
    const { lines, identical } = await api.call('backups.diff', { name, ...(file ? { file } : {}) });
    if (identical) return ctx.io.stdout(`${name} is the file as it is now: restoring it would change nothing.\n`);
    ctx.io.stdout(`--- ${name}\n+++ the file now\n${lines.map((l) => `${l.kind === 'add' ? '+' : l.kind === 'remove' ? '-' : ' '}${l.text}`).join('\n')}\n`);
  });
}

export async function undo(ctx: CommandContext, actionId: string, options: { settings?: string }): Promise<void> {
  await withConnection(ctx.io, options, async ({ api }) => {
    const { files } = await api.call('backups.undo', { actionId });
    ctx.io.stderr(`Undone: ${files.join(', ')} ${files.length === 1 ? 'is' : 'are'} as before that action (the files it replaced were backed up first).\n`);
  });
}

export async function scrub(ctx: CommandContext, options: { settings?: string; source?: string }): Promise<void> {
  const file = sourcePath(options.source, ctx.io, options.settings);
  await withConnection(ctx.io, options, async ({ api }) => {
    const { removed } = await api.call('backups.scrub', file ? { file } : {});
    ctx.io.stdout(removed.length ? `Deleted ${removed.length} backup(s) that held a key in clear:\n${removed.map((p) => `  ${p}`).join('\n')}\n` : 'No backup holds a key in clear.\n');
  });
}
