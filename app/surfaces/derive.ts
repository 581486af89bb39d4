// Surfaces from routes: one surface per baseUrl origin, with a kind that decides how it is probed.
import type { Route } from '../model/route.ts';
import { isSurfaceKind, SURFACE_KINDS, type SurfaceKind } from '../model/surface-kind.ts';

export type { SurfaceKind };

export interface SurfaceRef {
  /** The origin (scheme://host:port): one probe serves every route on it. */
  id: string;
  kind: SurfaceKind;
  origin: string;
  /** True when the user declared the kind rather than the host name telling it. */
  declared?: boolean;
}

export interface SurfaceOptions {
  /** Ports a LiteLLM proxy listens on (4000 by default; $ROUTELIGHTS_LITELLM_PORTS adds more). */
  litellmPorts: readonly number[];
  /** Ports of VibeProxy's front proxy (8317 by default; $ROUTELIGHTS_VIBEPROXY_PORTS adds more). */
  vibeproxyPorts: readonly number[];
  /**
   * Kinds the user declared per origin: a gateway or a local stand-in in front of Z.AI or Kimi. Those of
   * $ROUTELIGHTS_SURFACE_KINDS win over the window's (kept in the data folder), which the service updates in place.
   */
  declaredKinds: Map<string, SurfaceKind>;
  /** The origins whose kind $ROUTELIGHTS_SURFACE_KINDS sets (the window cannot change those). */
  envKinds: ReadonlySet<string>;
  /** What could not be read of the declared kinds ($ROUTELIGHTS_SURFACE_KINDS, surfaces.json), each with its remedy. */
  kindProblems: Array<{ message: string; remedy: string }>;
}

export const VIBEPROXY_PORT = 8317;
export const DEFAULT_LITELLM_PORT = 4000;

function ports(value: string | undefined): number[] {
  return (value ?? '')
    .split(',')
    .map((p) => Number(p.trim()))
    .filter((p) => Number.isInteger(p) && p > 0 && p < 65536);
}

/** An origin as RouteLights keys surfaces (scheme://host:port, default ports left out), or null when `text` is no http(s) URL. */
export function originOf(text: string): string | null {
  return parseOrigin(text)?.origin ?? null;
}

/** `ORIGIN=KIND[,ORIGIN=KIND…]`: the kinds, and a reason for each entry that is not one. */
export function parseSurfaceKinds(value: string | undefined): { kinds: Map<string, SurfaceKind>; problems: string[] } {
  const kinds = new Map<string, SurfaceKind>();
  const problems: string[] = [];
  for (const entry of (value ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const at = entry.lastIndexOf('=');
    const origin = at > 0 ? originOf(entry.slice(0, at)) : null;
    const kind = entry.slice(at + 1).trim().toLowerCase();
    if (entry.includes(';')) problems.push(`"${entry}" holds a ";": entries are separated by commas. That entry is ignored.`);
    else if (!origin) problems.push(`"${entry}" does not start with an http(s) origin and "=". That entry is ignored.`);
    else if (!isSurfaceKind(kind)) problems.push(`"${entry}": "${kind}" is not a kind (${SURFACE_KINDS.join(', ')}). That entry is ignored.`);
    else if (kinds.has(origin) && kinds.get(origin) !== kind) problems.push(`${origin} is declared twice; the last, ${kind}, is used.`);
    if (origin && isSurfaceKind(kind) && !entry.includes(';')) kinds.set(origin, kind);
  }
  return { kinds, problems };
}

export function surfaceOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): SurfaceOptions {
  const declared = parseSurfaceKinds(env.ROUTELIGHTS_SURFACE_KINDS);
  return {
    litellmPorts: [DEFAULT_LITELLM_PORT, ...ports(env.ROUTELIGHTS_LITELLM_PORTS)],
    vibeproxyPorts: [VIBEPROXY_PORT, ...ports(env.ROUTELIGHTS_VIBEPROXY_PORTS)],
    declaredKinds: new Map(declared.kinds),
    envKinds: new Set(declared.kinds.keys()),
    kindProblems: declared.problems.map((problem) => ({ message: `ROUTELIGHTS_SURFACE_KINDS: ${problem}`, remedy: 'Write each entry as ORIGIN=KIND, separated by commas (e.g. http://127.0.0.1:9000=zai,https://gw.example=kimi), in the environment RouteLights starts in.' })),
  };
}

export function parseOrigin(baseUrl: string | undefined): URL | null {
  if (!baseUrl) return null;
  try {
    const url = new URL(baseUrl.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

function effectivePort(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

export function surfaceKind(url: URL, provider: string | undefined, options: SurfaceOptions): SurfaceKind {
  const declared = options.declaredKinds.get(url.origin);
  if (declared) return declared;
  const host = url.hostname.toLowerCase();
  const port = effectivePort(url);
  if (host === 'api.z.ai' || host === 'open.bigmodel.cn') return 'zai';
  if (host === 'api.kimi.com') return 'kimi';
  if (options.vibeproxyPorts.includes(port)) return 'vibeproxy';
  if (options.litellmPorts.includes(port)) return 'litellm';
  return provider === 'anthropic' ? 'anthropic-compatible' : 'openai-compatible';
}

/** The surface a route is served by, or null when its baseUrl is missing or not an http(s) URL. */
export function surfaceFor(route: Pick<Route, 'baseUrl' | 'provider'>, options: SurfaceOptions): SurfaceRef | null {
  const url = parseOrigin(route.baseUrl);
  if (!url) return null;
  return { id: url.origin, kind: surfaceKind(url, route.provider, options), origin: url.origin, ...(options.declaredKinds.has(url.origin) ? { declared: true } : {}) };
}

/**
 * The Keychain name a route's key is kept under: by the kind of its surface (ROUTELIGHTS_KEY_VIBEPROXY,
 * _LITELLM, _ZAI, _KIMI), or by the host for any other endpoint; routes on one surface share it.
 */
export function keyNameFor(route: Pick<Route, 'baseUrl' | 'provider'>, options: SurfaceOptions): string {
  const surface = surfaceFor(route, options);
  if (!surface) return 'ROUTELIGHTS_KEY';
  if (surface.kind === 'openai-compatible' || surface.kind === 'anthropic-compatible') {
    return `ROUTELIGHTS_KEY_${new URL(surface.origin).hostname.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
  }
  return `ROUTELIGHTS_KEY_${surface.kind.toUpperCase()}`;
}

/** One surface per origin; where routes on one origin disagree on the kind, the first route decides. */
export function deriveSurfaces(routes: readonly Route[], options: SurfaceOptions): SurfaceRef[] {
  const byOrigin = new Map<string, SurfaceRef>();
  for (const route of routes) {
    const surface = surfaceFor(route, options);
    if (surface && !byOrigin.has(surface.id)) byOrigin.set(surface.id, surface);
  }
  return [...byOrigin.values()];
}

/** The surface of each route, consistent with deriveSurfaces (the origin's first route decides the kind). */
export function surfaceOfRoute(route: Route, surfaces: readonly SurfaceRef[], options: SurfaceOptions): SurfaceRef | null {
  const own = surfaceFor(route, options);
  return own ? (surfaces.find((s) => s.id === own.id) ?? own) : null;
}
