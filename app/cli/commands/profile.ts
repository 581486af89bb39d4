// `routelights profile export|import`: one route map on two machines. Export writes ids, models, names,
// providers, base URLs and key names (never values); import merges by id with this machine's base URL
// overrides, previews with --dry-run, and lists the keys this machine still lacks.
import { promises as fs } from 'node:fs';
import type { Response } from '../../api/contract.ts';
import { fail, FailureError, orThrow } from '../../model/failure.ts';
import { fsFailure } from '../../settings/fs-failure.ts';
import { withConnection } from '../connect.ts';
import type { CommandContext } from '../program.ts';
import { renderTable } from '../table.ts';

type PlanView = Response<'profile.preview'>['plan'];

export function renderPlan(plan: PlanView, width: number | null): string {
  const rows = plan.changes.map((c) => [c.action, c.routeId, Object.entries(c.fields).map(([f, [from, to]]) => `${f}: ${JSON.stringify(from)} → ${JSON.stringify(to)}`).join('; ') || '-']);
  const lines = [`From ${plan.from}:`, renderTable(['ACTION', 'ROUTE', 'CHANGES'], rows, width).trimEnd()];
  if (plan.missingKeys.length) lines.push(`Keys this machine lacks (set them with 'routelights keys set NAME'): ${plan.missingKeys.join(', ')}`);
  if (plan.withoutKey.length) lines.push(`Routes whose key the other machine keeps in plain text (not exported): ${plan.withoutKey.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

export async function exportProfile(ctx: CommandContext, options: { out?: string; settings?: string }): Promise<void> {
  await withConnection(ctx.io, options, async ({ api }) => {
    const { profile } = await api.call('profile.export', {});
    const text = `${JSON.stringify(profile, null, 2)}\n`;
    if (!options.out) return ctx.io.stdout(text);
    await fs.writeFile(options.out, text).catch((error: unknown) => orThrow(fail(fsFailure('writing', options.out!, error))));
    ctx.io.stderr(`Wrote ${profile.routes.length} route(s) from ${profile.machine} to ${options.out}.${profile.routes.some((r) => r.plainTextKey) ? ' Routes with plain-text keys were exported without them: move them to the Keychain first.' : ''}\n`);
  });
}

export async function importProfile(ctx: CommandContext, file: string, options: { override?: string[]; dryRun?: boolean; json?: boolean; settings?: string }): Promise<void> {
  const { io } = ctx;
  const text = await fs.readFile(file, 'utf8').catch((error: unknown) => orThrow(fail(fsFailure('reading', file, error))));
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new FailureError({ layer: 'usage', code: 'bad-profile', reason: `${file} is not JSON.`, remedy: "Give a file written by 'routelights profile export'." });
  }
  const { profileSchema } = await import('../../profiles/profile-schema.ts');
  const parsed = profileSchema.safeParse(raw);
  if (!parsed.success) throw new FailureError({ layer: 'usage', code: 'bad-profile', reason: `${file} is not a RouteLights profile (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}).`, remedy: "Give a file written by 'routelights profile export'." });
  const request = { profile: parsed.data, ...(options.override ? { overrides: options.override } : {}) };
  await withConnection(io, options, async ({ api }) => {
    if (options.dryRun) {
      const { plan } = await api.call('profile.preview', request);
      io.stdout(options.json ? `${JSON.stringify(plan, null, 2)}\n` : renderPlan(plan, io.columns));
      return io.stderr('Dry run: nothing was written.\n');
    }
    const { plan, applied } = await api.call('profile.import', request);
    io.stdout(options.json ? `${JSON.stringify(plan, null, 2)}\n` : renderPlan(plan, io.columns));
    io.stderr(`Applied ${applied} change(s) (one backup each).\n`);
  });
}
