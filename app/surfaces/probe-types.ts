// What a surface probe is given and what it gives back: one probe per (surface, key), a verdict with a
// door, reason and remedy, the models it lists, and per wanted model why it is missing.
import type { Dispatcher } from 'undici';
import type { Color } from '../model/light.ts';
import type { Provider } from '../model/route.ts';
import type { ResolvedKey } from '../secrets/resolve.ts';
import type { SurfaceRef } from './derive.ts';

export interface ModelInfo {
  id: string;
  ownedBy?: string;
}

/** A note about a surface that is not its verdict (e.g. listening beyond loopback, an expired account). */
export interface SurfaceNote {
  severity: 'warning' | 'info';
  message: string;
  remedy: string;
}

export interface ProbeTarget {
  surface: SurfaceRef;
  /** The baseUrl of the first route of this (surface, key) group: direct providers are probed under it. */
  baseUrl: string;
  provider: string | undefined;
  key: ResolvedKey;
  keyTag: string;
  /** The models the routes of this group send: each is checked against the list. */
  wantedModels: string[];
  /** The requests Droid makes for the routes of this group (wire.ts): each path is checked to exist. */
  wire: WireTarget[];
}

export interface WireTarget {
  url: string;
  provider: Provider;
  baseUrl: string;
}

/** Whether the path Droid posts to exists on the surface (null `ok`: the check could not tell). */
export interface WireCheck {
  ok: boolean;
  status: number;
  reason: string;
  remedy: string;
}

export interface Verdict {
  color: Exclude<Color, 'gray'>;
  /** A stable code for the door: `up`, `not-running`, `key-rejected`, `engine-down`, `quota`, … */
  door: string;
  reason: string;
  remedy: string;
}

export interface ProbeResult extends Verdict {
  surfaceId: string;
  keyTag: string;
  latencyMs: number | null;
  /** Null when the surface gave no list (down, rejected, or no list endpoint). */
  models: ModelInfo[] | null;
  /** For each wanted model that is not listed: why, and what to do. */
  missingModels: Record<string, { color: 'yellow' | 'red'; reason: string; remedy: string }>;
  details: Record<string, string>;
  notes: SurfaceNote[];
  /** Per wire URL of the target: whether Droid's path exists there (absent when not checked). */
  wire: Record<string, WireCheck>;
}

export interface VibeProxyOptions {
  /** Where CLIProxyAPI keeps its OAuth accounts (VibeProxy uses the same folder). */
  authDir: string;
  /** The engine behind VibeProxy's front port, asked for /healthz when the front answers 502. */
  enginePort: number;
  /** A management key the user gave; without one the management API is never called. */
  managementKey?: string;
}

export interface ProbeContext {
  dispatcher?: Dispatcher;
  deadlineMs: number;
  vibeproxy: VibeProxyOptions;
  /** Management keys that drew a 401 in this session: never tried again (five wrong keys ban loopback). */
  rejectedManagementKeys: Set<string>;
  /** Wire checks already made (a path rarely changes): reused until they are older than WIRE_CHECK_TTL_MS. */
  wireChecks?: Map<string, { check: WireCheck; at: number }>;
}
