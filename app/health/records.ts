// From one read of the files and the latest probe results to the snapshot's parts: every route's record
// (its settings, its light, its surface, its last sentinel) and every surface's status. Pure functions:
// the monitor adds flap control on top; `routes` answers use them as they are.
import type { Finding } from '../model/finding.ts';
import type { KeyLookup } from '../secrets/resolve.ts';
import { lintRoutes } from '../settings/lint.ts';
import { filesDroidSkips, type RouteMap } from '../settings/route-map.ts';
import type { SurfaceOptions } from '../surfaces/derive.ts';
import { keyKind } from '../model/route.ts';
import { routeSettings, showExtra } from '../model/shown-route.ts';
import type { RouteRecord, SurfaceStatus, UsageReading } from '../model/snapshot.ts';
import { quotaLight } from '../model/usage.ts';
import { SEVERITY } from '../model/light.ts';
import type { RouteSpends, UsageRoute } from '../usage/plan-usage.ts';
import type { ProbeResult } from '../surfaces/probe-types.ts';
import { routeLight, surfaceLight, type RouteLight, type SentinelMark } from './classify.ts';
import { planProbes, type ProbePlan, type RoutePlan } from './plan.ts';

export interface RecordInput {
  plan: ProbePlan;
  /** The latest probe result per target. */
  results: ReadonlyMap<string, ProbeResult>;
  /** Lint findings of the map (routes and whole files). */
  findings: readonly Finding[];
  /** Sentinel verdicts by route key. */
  sentinels: ReadonlyMap<string, SentinelMark>;
  now: Date;
  freshnessMs: number;
}

/** Each route's light as the evidence shows it now (before flap control). */
export function rawRouteLights(input: RecordInput): Array<{ plan: RoutePlan; light: RouteLight }> {
  const byKey = new Map<string, Finding[]>();
  for (const f of input.findings) {
    const at = f.routeKey ?? `file:${f.file}`;
    byKey.set(at, [...(byKey.get(at) ?? []), f]);
  }
  return input.plan.routes.map((plan) => ({
    plan,
    light: routeLight({
      plan,
      probe: plan.targetId ? input.results.get(plan.targetId) : undefined,
      findings: byKey.get(plan.route.key) ?? [],
      fileProblems: byKey.get(`file:${plan.route.source.path}`) ?? [],
      sentinel: input.sentinels.get(plan.route.key),
      now: input.now,
      freshnessMs: input.freshnessMs,
    }),
  }));
}

export function routeRecord(plan: RoutePlan, light: RouteLight, mark: SentinelMark | undefined): RouteRecord {
  const { route, surface } = plan;
  return {
    key: route.key,
    id: route.id,
    idDerived: route.idDerived,
    source: route.source,
    settings: { ...routeSettings(route), key: keyKind(route.apiKey), extra: showExtra(route) },
    used: route.ignored === undefined,
    instead: route.ignored?.kind === 'replaced' ? (route.ignored.instead?.key ?? null) : null,
    surface: surface ? { id: surface.id, kind: surface.kind, origin: surface.origin } : null,
    light: light.color,
    layer: light.layer,
    reason: light.reason,
    remedy: light.remedy,
    lastSentinel: mark ? { verdict: mark.verdict, at: mark.at } : null,
    spends: null,
  };
}

/** The routes whose usage can be read: those Droid uses, with their surface and key. */
export function usageRoutes(plan: ProbePlan): UsageRoute[] {
  return plan.routes.filter((rp) => !rp.route.ignored).map((rp) => ({ routeKey: rp.route.key, model: rp.route.model, baseUrl: rp.route.baseUrl, surface: rp.surface, key: rp.key }));
}

/**
 * A record with the balance it spends and, where its accounts' windows say so, the quota's light: red
 * when every account that serves it is used up, yellow when every one is below its threshold (over green
 * and any other yellow: a balance running out is the more urgent news). An account not read yet, or whose
 * reading failed, could be the one with quota left, so it says nothing; nor does a route red or gray for
 * another reason: a usage reading never changes a light by itself.
 */
export function withUsage(record: RouteRecord, spends: RouteSpends | null, readings: readonly UsageReading[], now: Date): RouteRecord {
  const withBalance = { ...record, spends };
  if (!spends || !record.used || record.light === 'red' || record.light === 'gray') return withBalance;
  const serving = spends.accounts.map((a) => readings.find((r) => r.account === a)).filter((r) => !r || r.windowed);
  if (serving.length === 0 || serving.some((r) => !r || !r.windows.some((w) => w.forRoutes && w.state !== 'unknown'))) return withBalance;
  const lights = serving.map((r) => quotaLight(r!, now));
  if (lights.some((l) => l === null)) return withBalance;
  const best = lights.reduce((a, b) => (SEVERITY[b!.color] < SEVERITY[a!.color] ? b : a))!;
  return { ...withBalance, light: best.color, layer: 'quota', reason: best.reason, remedy: best.remedy };
}

/** Every finding of a map: its files' problems, the lint of its routes, and declared surface kinds that could not be read. */
export function mapFindings(map: RouteMap | null, options: SurfaceOptions): Finding[] {
  const kinds: Finding[] = options.kindProblems.map(({ message, remedy }) => ({ rule: 'surface-kinds', severity: 'warning', routeId: null, routeKey: null, message, remedy }));
  return [...kinds, ...(map ? [...map.problems, ...lintRoutes(map.routes, options, filesDroidSkips(map))] : [])];
}

export interface RoutesNow {
  routes: RouteRecord[];
  findings: Finding[];
}

/**
 * The records for a map as its files are now, with whatever probe results there are and no new probe
 * (no flap control: this is the evidence as it stands). With no lookup the keychain is not read.
 */
export function recordsNow(map: RouteMap, state: { lookup: KeyLookup | null; surfaceOptions: SurfaceOptions; results: ReadonlyMap<string, ProbeResult>; sentinels: ReadonlyMap<string, SentinelMark>; now: Date; freshnessMs: number; plan?: ProbePlan }): RoutesNow {
  const plan = state.plan ?? planProbes(map, state.lookup, state.surfaceOptions);
  const findings = mapFindings(map, state.surfaceOptions);
  const raw = rawRouteLights({ plan, results: state.results, findings, sentinels: state.sentinels, now: state.now, freshnessMs: state.freshnessMs });
  return { routes: raw.map(({ plan: rp, light }) => routeRecord(rp, light, state.sentinels.get(rp.route.key))), findings };
}

/** Why a surface has no probe at all: the keys its routes need are set nowhere (null when that is not why). */
function unchecked(plan: ProbePlan, surfaceId: string): ReturnType<typeof surfaceLight> | null {
  const keys = plan.routes.flatMap((rp) => (rp.surface?.id === surfaceId && rp.key.kind === 'missing' ? [rp.key] : []));
  const missing = [...new Set(keys.map((k) => k.reference))];
  if (missing.length === 0) return null;
  const names = missing.join(', ');
  const shellOnly = [...new Set(keys.filter((k) => k.loginShellOnly).map((k) => k.reference))];
  const down = keys.find((k) => k.keychainDown)?.keychainDown;
  if (down) return { color: 'gray', door: 'no-key', reason: `Not checked: ${names} ${missing.length === 1 ? 'is' : 'are'} not in RouteLights' environment, and the Keychain could not be read (${down}).`, remedy: `Make the Keychain answer (unlock it, or start its Secret Service), or export ${names}.` };
  return { color: 'gray', door: 'no-key', reason: `Not checked: no key: ${names} ${missing.length === 1 ? 'is' : 'are'} set nowhere RouteLights can read (not in its environment, not in the Keychain${shellOnly.length ? `; only in your login shell: ${shellOnly.join(', ')}` : ''}).`, remedy: `Export ${names} in the environment RouteLights and Droid run in, or keep ${missing.length === 1 ? 'it' : 'them'} in the Keychain: routelights keys set ${missing[0]}.` };
}

/** Each surface's status from its probes (one per key), before flap control. */
export function rawSurfaces(plan: ProbePlan, results: ReadonlyMap<string, ProbeResult>, lowPercent: (surfaceId: string) => number): Array<Omit<SurfaceStatus, 'light' | 'door' | 'reason' | 'remedy'> & { raw: ReturnType<typeof surfaceLight> }> {
  return plan.surfaces.map((surface) => {
    const probes = [...results].filter(([id]) => id.startsWith(`${surface.id}|`)).map(([, r]) => r);
    const unused = plan.unusedSurfaces.has(surface.id);
    const models = probes.some((p) => p.models) ? [...new Set(probes.flatMap((p) => (p.models ?? []).map((m) => m.id)))] : null;
    return {
      id: surface.id,
      kind: surface.kind,
      origin: surface.origin,
      latencyMs: probes.map((p) => p.latencyMs).find((l) => l !== null) ?? null,
      models,
      details: probes[0]?.details ?? {},
      notes: probes.flatMap((p) => p.notes),
      unused,
      kindDeclared: !!surface.declared,
      lowPercent: lowPercent(surface.id),
      raw: (probes.length === 0 ? unchecked(plan, surface.id) : null) ?? surfaceLight(probes, unused),
    };
  });
}
