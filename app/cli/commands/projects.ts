// `routelights projects …`: the project folders whose `.factory/` routes Droid loads when it runs there;
// their files become route sources with their own rows, lint, edits and backups.
import { resolve } from 'node:path';
import type { Response } from '../../api/contract.ts';
import { withConnection } from '../connect.ts';
import type { CommandContext } from '../program.ts';
import { renderTable } from '../table.ts';

function render(projects: Response<'projects.list'>['projects'], width: number | null): string {
  if (projects.length === 0) return "No project folders. Add one with 'routelights projects add DIR'.\n";
  return renderTable(['FOLDER', 'ROUTES', 'FILES'], projects.map((p) => [p.path, String(p.routes), p.files.map((f) => `${f.path.slice(p.path.length + 1)}${f.exists ? '' : ' (none yet)'}`).join(', ')]), width);
}

export async function list(ctx: CommandContext, options: { settings?: string; json?: boolean }): Promise<void> {
  await withConnection(ctx.io, { ...options, mayBeNew: true }, async ({ api }) => {
    const { projects } = await api.call('projects.list', {});
    ctx.io.stdout(options.json ? `${JSON.stringify({ projects }, null, 2)}\n` : render(projects, ctx.io.columns));
  });
}

export async function add(ctx: CommandContext, dir: string, options: { settings?: string }): Promise<void> {
  await withConnection(ctx.io, { ...options, mayBeNew: true }, async ({ api }) => {
    const { projects } = await api.call('projects.add', { path: resolve(dir) });
    ctx.io.stderr(`Reading the routes of ${resolve(dir)} too (Droid uses them when it runs there).\n`);
    ctx.io.stdout(render(projects, ctx.io.columns));
  });
}

export async function remove(ctx: CommandContext, dir: string, options: { settings?: string }): Promise<void> {
  await withConnection(ctx.io, { ...options, mayBeNew: true }, async ({ api }) => {
    const { projects } = await api.call('projects.remove', { path: resolve(dir) });
    ctx.io.stderr(`No longer reading ${resolve(dir)}; its files were left as they are.\n`);
    ctx.io.stdout(render(projects, ctx.io.columns));
  });
}
