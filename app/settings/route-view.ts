// A route as every view shows it (CLI, window, bridge): its fields, its surface and file, its unknown
// fields read-only, and its key only as a reference or "<plain text>", never the value.
import { describeApiKey, type Route } from '../model/route.ts';
import { deriveSurfaces, surfaceOfRoute, type SurfaceOptions } from '../surfaces/derive.ts';
import type { RouteView } from '../api/contract.ts';

export function routeViews(routes: readonly Route[], options: SurfaceOptions): RouteView[] {
  const surfaces = deriveSurfaces(routes, options);
  return routes.map((route) => {
    const surface = surfaceOfRoute(route, surfaces, options);
    return {
      id: route.id,
      idDerived: route.idDerived,
      model: route.model ?? null,
      displayName: route.displayName ?? null,
      provider: route.provider ?? null,
      baseUrl: route.baseUrl ?? null,
      index: route.index ?? null,
      maxOutputTokens: route.maxOutputTokens ?? null,
      noImageSupport: route.noImageSupport ?? null,
      apiKey: describeApiKey(route.apiKey),
      surface: surface ? { id: surface.id, kind: surface.kind, origin: surface.origin } : null,
      source: route.source.kind,
      position: route.source.position,
      shadowedBy: route.shadowedBy ?? null,
      extra: route.extra,
    };
  });
}
