// From a route map to the probes of one cycle: one probe per (surface, key) however many routes share
// it (direct providers also per endpoint path: Z.AI's coding and generic endpoints bill differently).
import type { Route } from '../model/route.ts';
import type { RouteMap } from '../settings/route-map.ts';
import { keyTag, resolveApiKey, type KeyLookup, type ResolvedKey } from '../secrets/resolve.ts';
import { DEFAULT_LITELLM_PORT, surfaceOfRoute, deriveSurfaces, VIBEPROXY_PORT, type SurfaceOptions, type SurfaceRef } from '../surfaces/derive.ts';
import type { ProbeTarget, WireTarget } from '../surfaces/probe-types.ts';
import { isProvider, wireUrl } from '../surfaces/wire.ts';

export interface RoutePlan {
  route: Route;
  surface: SurfaceRef | null;
  key: ResolvedKey;
  /** The probe that answers for this route; null when the route cannot be probed (no URL, key missing, ignored). */
  targetId: string | null;
  /** The URL Droid posts to for this route (null when it cannot build one). */
  wireUrl: string | null;
}

export interface ProbePlan {
  targets: Map<string, ProbeTarget>;
  routes: RoutePlan[];
  surfaces: SurfaceRef[];
  /** Surfaces checked by default although no route uses them (no settings yet). */
  unusedSurfaces: Set<string>;
}

const DIRECT = new Set(['zai', 'kimi', 'openai-compatible', 'anthropic-compatible']);

function targetId(surface: SurfaceRef, tag: string, route: Route): string {
  const path = DIRECT.has(surface.kind) ? `|${route.provider === 'anthropic' ? 'anthropic' : 'openai'}|${new URL(route.baseUrl!.trim()).pathname.replace(/\/+$/, '')}` : '';
  return `${surface.id}|${tag}${path}`;
}

export function defaultSurfaces(options: SurfaceOptions): SurfaceRef[] {
  return [
    { id: `http://localhost:${VIBEPROXY_PORT}`, kind: 'vibeproxy', origin: `http://localhost:${VIBEPROXY_PORT}` },
    { id: `http://127.0.0.1:${options.litellmPorts[0] ?? DEFAULT_LITELLM_PORT}`, kind: 'litellm', origin: `http://127.0.0.1:${options.litellmPorts[0] ?? DEFAULT_LITELLM_PORT}` },
  ];
}

/** The probe target for one route alone (sentinel diagnosis), or null when it cannot be probed. */
export function targetForRoute(route: Route, lookup: KeyLookup, options: SurfaceOptions): ProbeTarget | null {
  const surface = surfaceOfRoute(route, [], options);
  const key = resolveApiKey(route.apiKey, lookup);
  if (!surface || key.kind === 'missing' || key.kind === 'unread') return null;
  return newTarget(surface, route, key);
}

function wireOf(route: Route): WireTarget | null {
  const url = wireUrl(route.baseUrl, route.provider);
  return url && isProvider(route.provider) ? { url, provider: route.provider, baseUrl: route.baseUrl! } : null;
}

function newTarget(surface: SurfaceRef, route: Route, key: ResolvedKey): ProbeTarget {
  const wire = wireOf(route);
  return { surface, baseUrl: route.baseUrl!.trim(), provider: route.provider, key, keyTag: keyTag(key), wantedModels: route.model ? [route.model] : [], wire: wire ? [wire] : [] };
}

/** The probes of one cycle; with no lookup (keys not read), routes that reference a key get no probe. */
export function planProbes(map: RouteMap | null, lookup: KeyLookup | null, options: SurfaceOptions): ProbePlan {
  const routes = map?.routes ?? [];
  const surfaces = deriveSurfaces(routes.filter((r) => !r.ignored), options);
  const targets = new Map<string, ProbeTarget>();
  const plans: RoutePlan[] = routes.map((route) => {
    const surface = route.ignored ? null : surfaceOfRoute(route, surfaces, options);
    const key = resolveApiKey(route.apiKey, lookup);
    const wire = wireOf(route);
    if (!surface || key.kind === 'missing' || key.kind === 'unread') return { route, surface, key, targetId: null, wireUrl: wire?.url ?? null };
    const tag = keyTag(key);
    const id = targetId(surface, tag, route);
    const target = targets.get(id);
    if (target) {
      if (route.model && !target.wantedModels.includes(route.model)) target.wantedModels.push(route.model);
      if (wire && !target.wire.some((w) => w.url === wire.url && w.provider === wire.provider)) target.wire.push(wire);
    } else {
      targets.set(id, newTarget(surface, route, key));
    }
    return { route, surface, key, targetId: id, wireUrl: wire?.url ?? null };
  });
  const unusedSurfaces = new Set<string>();
  if (routes.length === 0) {
    for (const surface of defaultSurfaces(options)) {
      surfaces.push(surface);
      unusedSurfaces.add(surface.id);
      targets.set(`${surface.id}|nokey`, { surface, baseUrl: surface.origin, provider: undefined, key: { kind: 'none' }, keyTag: 'nokey', wantedModels: [], wire: [] });
    }
  }
  return { targets, routes: plans, surfaces, unusedSurfaces };
}
