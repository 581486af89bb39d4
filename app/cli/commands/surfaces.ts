// `routelights surfaces …`: declare what an origin is (a gateway in front of Z.AI or Kimi reads as
// "openai-compatible" by its host name) and when its usage warns; ROUTELIGHTS_SURFACE_KINDS wins.
import type { Request, Response } from '../../api/contract.ts';
import { FailureError } from '../../model/failure.ts';
import { isSurfaceKind, SURFACE_KINDS } from '../../model/surface-kind.ts';
import { DEFAULT_LOW_PERCENT } from '../../model/usage.ts';
import { validLowPercent } from '../../usage/surface-preferences.ts';
import { withConnection } from '../connect.ts';
import type { CommandContext } from '../program.ts';
import { renderTable } from '../table.ts';

function render(surfaces: Response<'surfaces.list'>['surfaces'], width: number | null): string {
  if (surfaces.length === 0) return `No surface declared: kinds come from the host names, and usage warns below ${DEFAULT_LOW_PERCENT} % left.\n`;
  return renderTable(['ORIGIN', 'KIND', 'WARN BELOW'], surfaces.map((s) => [s.origin, s.kind ? `${s.kind}${s.kindFromEnv ? ' (ROUTELIGHTS_SURFACE_KINDS)' : ''}` : 'from the host name', `${s.lowPercent ?? DEFAULT_LOW_PERCENT} %`]), width);
}

export async function list(ctx: CommandContext, options: { settings?: string; json?: boolean }): Promise<void> {
  await withConnection(ctx.io, { ...options, mayBeNew: true }, async ({ api }) => {
    const { surfaces } = await api.call('surfaces.list', {});
    ctx.io.stdout(options.json ? `${JSON.stringify({ surfaces }, null, 2)}\n` : render(surfaces, ctx.io.columns));
  });
}

function change(options: { kind?: string; low?: string }): Omit<Request<'surfaces.set'>, 'origin'> {
  const out: Omit<Request<'surfaces.set'>, 'origin'> = {};
  if (options.kind !== undefined) {
    if (options.kind !== 'auto' && !isSurfaceKind(options.kind)) throw new FailureError({ layer: 'usage', code: 'bad-kind', reason: `"${options.kind}" is not a surface kind.`, remedy: `Give one of ${SURFACE_KINDS.join(', ')}, or "auto".` });
    out.kind = options.kind === 'auto' ? null : options.kind;
  }
  if (options.low !== undefined) {
    const n = options.low.trim() === '' ? NaN : Number(options.low);
    if (options.low !== 'default' && !validLowPercent(n)) throw new FailureError({ layer: 'usage', code: 'bad-number', reason: `--low ${options.low} is not a share between 0 and 100.`, remedy: 'Give --low as a percentage, e.g. --low 15, or --low default.' });
    out.lowPercent = options.low === 'default' ? null : n;
  }
  if (Object.keys(out).length === 0) throw new FailureError({ layer: 'usage', code: 'nothing-to-set', reason: 'Nothing to set.', remedy: 'Give --kind KIND and/or --low PERCENT.' });
  return out;
}

export async function set(ctx: CommandContext, origin: string, options: { settings?: string; kind?: string; low?: string }): Promise<void> {
  const request = { origin, ...change(options) };
  await withConnection(ctx.io, { ...options, mayBeNew: true }, async ({ api }) => {
    const { surfaces } = await api.call('surfaces.set', request);
    ctx.io.stdout(render(surfaces, ctx.io.columns));
  });
}
