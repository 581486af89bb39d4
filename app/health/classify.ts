// The light of each route and surface, from the cheapest evidence that tells the truth: the route's own
// settings first (a route Droid cannot use is red whatever its surface says), then its surface's probe,
// then its model in the surface's list, then the freshness of its last sentinel. Pure functions.
import { ago } from '../model/ago.ts';
import type { Finding } from '../model/finding.ts';
import { SOURCE_FILE } from '../model/route.ts';
import type { Color, Light } from '../model/light.ts';
import type { RouteStatus } from '../model/snapshot.ts';
import type { ProbeResult } from '../surfaces/probe-types.ts';
import type { RoutePlan } from './plan.ts';

export interface SentinelMark {
  verdict: 'pass' | 'fail';
  at: string;
  reason: string;
  remedy: string;
}

export type RouteLight = Light & { layer: RouteStatus['layer'] };

/** Lint rules for a route Droid cannot use or will send wrong: the route is red whatever the surface says. */
const BLOCKING = new Set(['id-prefix', 'missing-model', 'missing-base-url', 'missing-provider', 'unknown-provider', 'invalid-base-url', 'base-url-whitespace', 'zai-openai-provider', 'vibeproxy-openai-without-v1', 'vibeproxy-anthropic-with-v1', 'legacy-var-reference', 'schema', 'duplicate-id']);
/** Wrong-but-working doors: the route may answer, through the wrong door; at best yellow. */
const WRONG_DOOR = new Set(['zai-generic-endpoint', 'kimi-direct', 'vibeproxy-codex-openai-provider', 'insecure-http']);


export interface ClassifyInput {
  plan: RoutePlan;
  probe: ProbeResult | undefined;
  /** Lint findings about this route. */
  findings: readonly Finding[];
  /** File-level problems (trailing commas…) of the route's own file. */
  fileProblems: readonly Finding[];
  sentinel: SentinelMark | undefined;
  now: Date;
  freshnessMs: number;
}

export function routeLight(input: ClassifyInput): RouteLight {
  const { plan, probe, findings, fileProblems, sentinel, now, freshnessMs } = input;
  const { route } = plan;
  if (route.shadowedBy) {
    const by = route.shadowedBy === 'settings.local' && route.source.kind === 'settings' ? "settings.local.json's customModels replaces this file's whole list" : `the same id in ${SOURCE_FILE[route.shadowedBy]} wins`;
    return { color: 'gray', layer: 'route', reason: `Droid does not use this entry: ${by}.`, remedy: 'Edit the route Droid uses, or remove this one.' };
  }
  const comma = fileProblems.find((p) => p.rule === 'trailing-comma');
  if (comma) return { color: 'red', layer: 'route', reason: `Droid ignores ${SOURCE_FILE[route.source.kind]}: ${comma.message}`, remedy: comma.remedy };
  const blocking = findings.find((f) => f.severity === 'error' && BLOCKING.has(f.rule));
  if (blocking) return { color: 'red', layer: 'route', reason: blocking.message, remedy: blocking.remedy };
  if (plan.key.kind === 'missing') {
    return { color: 'red', layer: 'route', reason: `The route's key is \${${plan.key.reference}}, but ${plan.key.reference} is set nowhere RouteLights can read it, so Droid would send the text as the key.`, remedy: `Export ${plan.key.reference} in the environment Droid runs in (or keep it in the Keychain with routelights keys set ${plan.key.reference}).` };
  }
  if (!probe) return { color: 'gray', layer: 'surface', reason: 'Not checked yet.', remedy: 'Wait for the first check, or refresh now.' };
  if (probe.color === 'red') return { color: 'red', layer: 'surface', reason: probe.reason, remedy: probe.remedy };
  const missing = route.model ? probe.missingModels[route.model] : undefined;
  if (missing) return { color: missing.color, layer: 'surface', reason: missing.reason, remedy: missing.remedy };

  const fresh = sentinel && now.getTime() - Date.parse(sentinel.at) <= freshnessMs;
  if (sentinel?.verdict === 'fail' && fresh) return { color: 'red', layer: 'sentinel', reason: `The last sentinel failed (${ago(sentinel.at, now)}): ${sentinel.reason}`, remedy: sentinel.remedy };
  const wrongDoor = findings.find((f) => WRONG_DOOR.has(f.rule));
  if (wrongDoor) return { color: 'yellow', layer: 'route', reason: `Works through the wrong door: ${wrongDoor.message}`, remedy: wrongDoor.remedy };
  if (probe.color === 'yellow' && probe.door !== 'up') return { color: 'yellow', layer: 'surface', reason: probe.reason, remedy: probe.remedy };
  if (sentinel?.verdict === 'pass' && fresh) return { color: 'green', layer: 'sentinel', reason: `Sentinel exact ${ago(sentinel.at, now)}; the surface lists "${route.model}".`, remedy: 'Nothing to do.' };
  const listed = probe.models ? `the surface lists "${route.model}"` : 'the surface answers';
  return { color: 'yellow', layer: 'sentinel', reason: `Unproven: ${listed}, but no fresh sentinel has come back exact${sentinel ? ` (last pass ${ago(sentinel.at, now)})` : ''}.`, remedy: `Run a sentinel: routelights sentinels --route '${route.id}'.` };
}

/** A surface's light from its probes (one per key): the worst of them. */
export function surfaceLight(probes: readonly ProbeResult[], unused: boolean): Light & { door: string } {
  if (probes.length === 0) return { color: 'gray', door: 'unchecked', reason: 'Not checked yet.', remedy: 'Wait for the first check.' };
  const order: Record<Color, number> = { green: 0, gray: 1, yellow: 2, red: 3 };
  const worst = [...probes].sort((a, b) => order[b.color] - order[a.color])[0]!;
  if (unused && worst.door === 'not-running') return { color: 'gray', door: worst.door, reason: `${worst.reason} No route uses it.`, remedy: 'Nothing to do unless you plan to use it.' };
  return { color: worst.color, door: worst.door, reason: worst.reason, remedy: worst.remedy };
}
