// Why a sentinel failed, on the layer where it happened: Droid itself says only "Exec failed" or
// "Authentication failed", so the route's settings, the account and the surface are asked in turn.
import type { Light } from '../model/light.ts';
import type { Route } from '../model/route.ts';
import { targetForRoute } from '../health/plan.ts';
import type { KeyLookup } from '../secrets/resolve.ts';
import { completionCheck } from '../surfaces/completion-check.ts';
import type { SurfaceOptions } from '../surfaces/derive.ts';
import { probeSurface } from '../surfaces/probe.ts';
import type { ProbeContext } from '../surfaces/probe-types.ts';
import { shorten, type DroidFailure } from './droid-output.ts';

export type Layer = 'route' | 'surface' | 'sentinel' | 'droid-account';
export type Diagnosis = Light & { layer: Layer };

export interface DiagnoseContext {
  lookupKey: KeyLookup;
  surfaceOptions: SurfaceOptions;
  probe: ProbeContext;
  /** Notes from the route map that explain a route Droid cannot see (trailing comma, local replaces…). */
  settingsHints: string[];
}

/** The surface's door for this route: its probe, then a one-token completion; null when both pass. */
export async function doorCheck(route: Route, ctx: DiagnoseContext): Promise<Diagnosis | null> {
  const target = targetForRoute(route, ctx.lookupKey, ctx.surfaceOptions);
  if (!target) return null;
  const probe = await probeSurface(target, ctx.probe);
  if (probe.color === 'red') return { color: 'red', layer: 'surface', reason: probe.reason, remedy: probe.remedy };
  const wrongPath = Object.values(probe.wire).find((check) => !check.ok);
  if (wrongPath) return { color: 'red', layer: 'route', reason: wrongPath.reason, remedy: wrongPath.remedy };
  const missing = route.model ? probe.missingModels[route.model] : undefined;
  if (missing?.color === 'red') return { color: 'red', layer: 'surface', reason: missing.reason, remedy: missing.remedy };
  const completion = route.model ? await completionCheck(target, route.model, ctx.probe) : null;
  return completion ? { color: 'red', layer: 'surface', reason: completion.reason, remedy: completion.remedy } : null;
}

export async function diagnoseFailure(route: Route, failure: DroidFailure, ctx: DiagnoseContext): Promise<Diagnosis> {
  if (failure.kind === 'auth') {
    if (!route.id.startsWith('custom:')) {
      return { color: 'red', layer: 'route', reason: `The raw-model-name trap: "${route.id}" is not a custom: id, so Droid sent it down Factory's own billing path, which wants a login ("Authentication failed"). The route itself was never used.`, remedy: `Use the route's custom id: droid exec -m 'custom:${route.id}' (and set "id" to it in settings.json).` };
    }
    return { color: 'red', layer: 'droid-account', reason: `Droid refused to run before any model call: its own account layer wants a login (${shorten(failure.text, 120)}). Model keys are not the problem.`, remedy: "Run 'droid' and log in (or set FACTORY_API_KEY); then run the sentinel again." };
  }
  if (failure.kind === 'invalid-model') {
    const sees = failure.availableCustomIds.length ? `it sees ${failure.availableCustomIds.join(', ')}` : 'it sees no custom models at all';
    const hint = ctx.settingsHints.length ? ` ${ctx.settingsHints.join(' ')}` : '';
    return { color: 'red', layer: 'route', reason: `Droid does not know the id ${route.id}: ${sees}.${hint}`, remedy: hint ? 'Fix the settings problem named above, then run again.' : "Check that the id is in the settings.json Droid reads (~/.factory/settings.json, or the file given with --settings) and spelled exactly." };
  }
  const door = await doorCheck(route, ctx);
  if (door) return door;
  return { color: 'red', layer: 'sentinel', reason: `Droid failed (${shorten(failure.text, 160) || 'no output'}), yet the surface answers and a one-token completion works.`, remedy: "Run the same droid exec in a terminal and read ~/.factory/logs; check the route's provider (e.g. generic-chat-completion-api)." };
}
