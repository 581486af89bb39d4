// The light of each route and surface, from the cheapest evidence that tells the truth: the route's own
// settings first (a route Droid cannot use is red whatever its surface says), then its surface's probe,
// then its model in the surface's list, then the freshness of its last sentinel. Pure functions.
import { ago } from '../model/ago.ts';
import type { Finding } from '../model/finding.ts';
import { SOURCE_FILE, type Route } from '../model/route.ts';
import { SEVERITY, type Light } from '../model/light.ts';
import type { RouteRecord } from '../model/snapshot.ts';
import { SKIPS_FILE } from '../settings/route-map.ts';
import type { ProbeResult } from '../surfaces/probe-types.ts';
import type { RoutePlan } from './plan.ts';

export interface SentinelMark {
  verdict: 'pass' | 'fail';
  at: string;
  reason: string;
  remedy: string;
}

export type RouteLight = Light & { layer: RouteRecord['layer'] };

/** How long a passing sentinel keeps a route green. */
export const SENTINEL_FRESHNESS_MS = 24 * 3_600_000;

/** Lint rules for a route Droid cannot use or will send wrong: the route is red whatever the surface says. */
const BLOCKING = new Set(['id-prefix', 'missing-model', 'missing-base-url', 'missing-provider', 'unknown-provider', 'invalid-base-url', 'base-url-whitespace', 'base-url-has-endpoint', 'anthropic-base-url-v1', 'zai-openai-provider', 'vibeproxy-openai-without-v1', 'legacy-var-reference', 'base-url-reference', 'google-openai-root']);
/** Wrong-but-working doors: the route may answer, through the wrong door; at best yellow. */
const WRONG_DOOR = new Set(['zai-generic-endpoint', 'kimi-direct', 'insecure-http']);


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

/** Why Droid does not use an entry, naming the entry it uses instead. */
export function ignoredLight(route: Route): RouteLight | null {
  const ignored = route.ignored;
  if (!ignored) return null;
  if (ignored.kind === 'dropped') return { color: 'gray', layer: 'route', reason: `Droid ignores this entry: ${ignored.why}, so it is not in Droid's model list.`, remedy: ignored.remedy };
  const instead = ignored.instead ? `Droid uses entry ${ignored.instead.position + 1} of ${ignored.instead.path} for ${route.id}` : `Droid has no other route with the id ${route.id}`;
  const why = ignored.wholeList ? `${ignored.by.path} has its own "customModels", which replaces this file's whole list` : 'the first entry with an id wins';
  return { color: 'gray', layer: 'route', reason: `Droid ignores this entry: ${why}; ${instead}.`, remedy: ignored.wholeList ? `Move the route into ${SOURCE_FILE[ignored.by.kind]}, or remove "customModels" from it.` : 'Edit the entry Droid uses, or give this one its own id.' };
}

export function routeLight(input: ClassifyInput): RouteLight {
  const { plan, probe, findings, fileProblems, sentinel, now, freshnessMs } = input;
  const { route } = plan;
  const ignored = ignoredLight(route);
  if (ignored) return ignored;
  const skipped = fileProblems.find((p) => SKIPS_FILE.has(p.rule));
  if (skipped) return { color: 'red', layer: 'route', reason: `Droid ignores ${SOURCE_FILE[route.source.kind]}: ${skipped.message}`, remedy: skipped.remedy };
  const blocking = findings.find((f) => f.severity === 'error' && BLOCKING.has(f.rule));
  if (blocking) return { color: 'red', layer: 'route', reason: blocking.message, remedy: blocking.remedy };
  if (plan.key.kind === 'missing' && plan.key.loginShellOnly) {
    const name = plan.key.reference;
    return { color: 'yellow', layer: 'route', reason: `${name} (the route's key) is set only in your login shell: a Droid started in a terminal sends it, but RouteLights (started from Finder or at login) and other apps cannot read it, so the route is not checked.`, remedy: `Keep it in the Keychain too: routelights keys set ${name} (then routelights exec -- droid works anywhere).` };
  }
  if (plan.key.kind === 'missing' && plan.key.keychainDown) {
    const name = plan.key.reference;
    return { color: 'red', layer: 'route', reason: `The route's key is \${${name}}: ${name} is not in RouteLights' environment, and the Keychain could not be read (${plan.key.keychainDown}), so whether it holds ${name} is not known; a Droid started without it would send the text as the key.`, remedy: `Make the Keychain answer (unlock it, or start its Secret Service), or export ${name} in the environment Droid runs in.` };
  }
  if (plan.key.kind === 'missing') {
    return { color: 'red', layer: 'route', reason: `The route's key is \${${plan.key.reference}}, but ${plan.key.reference} is set nowhere RouteLights can read it, so Droid would send the text as the key.`, remedy: `Export ${plan.key.reference} in the environment Droid runs in (or keep it in the Keychain with routelights keys set ${plan.key.reference}).` };
  }
  if (!probe) return { color: 'gray', layer: 'surface', reason: 'Not checked yet.', remedy: 'Wait for the first check, or refresh now.' };
  if (probe.color === 'red') return { color: 'red', layer: 'surface', reason: probe.reason, remedy: probe.remedy };
  const wire = plan.wireUrl ? probe.wire[plan.wireUrl] : undefined;
  if (wire && !wire.ok) return { color: 'red', layer: 'route', reason: wire.reason, remedy: wire.remedy };
  const missing = route.model ? probe.missingModels[route.model] : undefined;
  if (missing) return { color: missing.color, layer: 'surface', reason: missing.reason, remedy: missing.remedy };

  const fresh = sentinel && now.getTime() - Date.parse(sentinel.at) <= freshnessMs;
  if (sentinel?.verdict === 'fail' && fresh) return { color: 'red', layer: 'sentinel', reason: `The last sentinel failed (${ago(sentinel.at, now)}): ${sentinel.reason}`, remedy: sentinel.remedy };
  const wrongDoor = findings.find((f) => WRONG_DOOR.has(f.rule));
  if (wrongDoor) return { color: 'yellow', layer: 'route', reason: `Works through the wrong door: ${wrongDoor.message}`, remedy: wrongDoor.remedy };
  if (probe.color === 'yellow' && probe.door !== 'up') return { color: 'yellow', layer: 'surface', reason: probe.reason, remedy: probe.remedy };
  if (sentinel?.verdict === 'pass' && fresh) return { color: 'green', layer: 'sentinel', reason: `Sentinel exact ${ago(sentinel.at, now)}; the surface lists "${route.model}".`, remedy: 'Nothing to do.' };
  const listed = probe.models ? `the surface lists "${route.model}"` : 'the surface answers';
  const path = wire ? `, Droid's path ${new URL(plan.wireUrl!).pathname} exists` : '';
  return { color: 'yellow', layer: 'sentinel', reason: `Unproven: ${listed}${path}, but no fresh sentinel has come back exact${sentinel ? ` (last pass ${ago(sentinel.at, now)})` : ''}.`, remedy: `Run a sentinel: routelights sentinels --route '${route.id}'.` };
}

/** A surface's light from its probes (one per key): the worst of them. */
export function surfaceLight(probes: readonly ProbeResult[], unused: boolean): Light & { door: string } {
  if (probes.length === 0) return { color: 'gray', door: 'unchecked', reason: 'Not checked yet.', remedy: 'Wait for the first check.' };
  const worst = [...probes].sort((a, b) => SEVERITY[b.color] - SEVERITY[a.color])[0]!;
  if (unused && worst.door === 'not-running') return { color: 'gray', door: worst.door, reason: `${worst.reason} No route uses it.`, remedy: 'Nothing to do unless you plan to use it.' };
  return { color: worst.color, door: worst.door, reason: worst.reason, remedy: worst.remedy };
}
