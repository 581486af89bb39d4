// The snapshot: everything the tray, the window, `routelights status --json`, /metrics and the report
// show, in one document taken from one read of the files. Every route is one record keyed by (file, id)
// that carries what the settings say, its light with reason and remedy, its surface and its last
// sentinel. zod schemas, so that every transport can check what it receives (imported only where a
// transport checks: the in-process path never loads zod).
import { z } from 'zod';
import { LAYERS } from './failure.ts';
import { SEVERITIES } from './finding.ts';
import { COLORS } from './light.ts';
import { SOURCE_KINDS } from './route.ts';
import { SURFACE_KINDS } from './surface-kind.ts';

export const colorSchema = z.enum(COLORS);

export const failureSchema = z.object({ layer: z.enum(LAYERS), code: z.string(), reason: z.string(), remedy: z.string(), detail: z.string().optional() });

export const findingSchema = z.object({
  rule: z.string(),
  severity: z.enum(SEVERITIES),
  routeId: z.string().nullable(),
  routeKey: z.string().nullable(),
  field: z.string().optional(),
  file: z.string().optional(),
  message: z.string(),
  remedy: z.string(),
});

export const surfaceKindSchema = z.enum(SURFACE_KINDS);

export const noteSchema = z.object({ severity: z.enum(['warning', 'info']), message: z.string(), remedy: z.string() });

export const surfaceStatusSchema = z.object({
  id: z.string(),
  kind: surfaceKindSchema,
  origin: z.string(),
  light: colorSchema,
  door: z.string(),
  reason: z.string(),
  remedy: z.string(),
  latencyMs: z.number().nullable(),
  models: z.array(z.string()).nullable(),
  details: z.record(z.string(), z.string()),
  notes: z.array(noteSchema),
  /** True for the default VibeProxy/LiteLLM addresses checked although no route uses them. */
  unused: z.boolean(),
  /** True when the user declared the kind (ROUTELIGHTS_SURFACE_KINDS or the window), not the host name. */
  kindDeclared: z.boolean(),
  /** Below this share left, a usage window of this surface is low (yellow). */
  lowPercent: z.number(),
});
export type SurfaceStatus = z.infer<typeof surfaceStatusSchema>;

export const usageWindowSchema = z.object({
  /** Stable within an account: `tokens-5h`, `tools-month`, `budget`, `week`… */
  id: z.string(),
  /** As a person says it: "5-hour tokens", "monthly tool calls", "key budget". */
  label: z.string(),
  /** 0 to 100; null when the reading gives amounts but no share. */
  usedPercent: z.number().nullable(),
  used: z.number().nullable(),
  limit: z.number().nullable(),
  /** `USD`, `tokens`, `requests`, `calls`, or null. */
  unit: z.string().nullable(),
  resetsAt: z.string().nullable(),
  /** Whether calls through the routes draw from it (Z.AI's monthly tool calls do not): only those make a route's light. */
  forRoutes: z.boolean(),
  state: z.enum(['unknown', 'ok', 'low', 'exhausted']),
});
export type UsageWindow = z.infer<typeof usageWindowSchema>;

/** One surface account's usage: its windows as last read, what was counted, and why the last read failed, if it did. */
export const usageReadingSchema = z.object({
  /** `<surface>|<key tag>` or `<surface>|<account name>`: what routes name in `usage.accounts`. */
  account: z.string(),
  surfaceId: z.string(),
  kind: surfaceKindSchema,
  label: z.string(),
  /** False for an account that only counts (CLIProxyAPI's management API): it has no windows to light a route. */
  windowed: z.boolean(),
  /** What routes on it spend, in words: "the Z.AI coding plan", "this LiteLLM key's budget". */
  balance: z.string(),
  windows: z.array(usageWindowSchema),
  /** Requests (and tokens, where the surface counts them) per model or per account, for surfaces that count. */
  counts: z.array(z.object({ name: z.string(), of: z.enum(['model', 'account']), requests: z.number(), failed: z.number().nullable(), tokens: z.number().nullable() })),
  /** When the windows shown were read; null before the first good reading. */
  readAt: z.string().nullable(),
  /** What a reading that worked has to say besides windows: "runs without a database, so no budget to read". */
  note: z.string().nullable(),
  /** Why the last reading failed (the windows are then the last good ones): never changes a light by itself. */
  problem: z.object({ code: z.string(), reason: z.string(), remedy: z.string() }).nullable(),
  lowPercent: z.number(),
  nextAt: z.string().nullable(),
});
export type UsageReading = z.infer<typeof usageReadingSchema>;

export const keyKindSchema = z.discriminatedUnion('kind', [z.object({ kind: z.literal('none') }), z.object({ kind: z.literal('plain') }), z.object({ kind: z.literal('reference'), name: z.string() })]);

export const routeSourceSchema = z.object({ kind: z.enum(SOURCE_KINDS), path: z.string(), position: z.number(), project: z.string().nullable() });

export const routeLayerSchema = z.enum(['route', 'surface', 'sentinel', 'quota']);

export const routeRecordSchema = z.object({
  /** (file, id): the one key of a route in every view. */
  key: z.string(),
  id: z.string(),
  idDerived: z.boolean(),
  source: routeSourceSchema,
  /** What the settings say: the fields RouteLights reads, the key only as where it sits, never its value. */
  settings: z.object({
    model: z.string().nullable(),
    displayName: z.string().nullable(),
    provider: z.string().nullable(),
    baseUrl: z.string().nullable(),
    index: z.number().nullable(),
    maxOutputTokens: z.number().nullable(),
    noImageSupport: z.boolean().nullable(),
    key: keyKindSchema,
    /** Fields RouteLights does not read, kept and shown read-only. */
    extra: z.record(z.string(), z.unknown()),
  }),
  /** False for an entry Droid ignores; `instead` is then the key of the entry it uses for this id, if any. */
  used: z.boolean(),
  instead: z.string().nullable(),
  surface: z.object({ id: z.string(), kind: surfaceKindSchema, origin: z.string() }).nullable(),
  light: colorSchema,
  /** Which layer the light is about: the route's own settings, its surface, or a sentinel. */
  layer: routeLayerSchema,
  reason: z.string(),
  remedy: z.string(),
  lastSentinel: z.object({ verdict: z.enum(['pass', 'fail']), at: z.string() }).nullable(),
  /** The balance the route spends and the usage accounts that read it (any one with quota left serves it); null when unknown. */
  spends: z.object({ accounts: z.array(z.string()), balance: z.string() }).nullable(),
});
export type RouteRecord = z.infer<typeof routeRecordSchema>;

export const droidStatusSchema = z.object({
  light: colorSchema,
  reason: z.string(),
  remedy: z.string(),
  version: z.string().nullable(),
  path: z.string().nullable(),
  checks: z.array(z.object({ id: z.string(), status: z.string(), detail: z.string(), remediation: z.string().optional() })),
  computer: z.object({ registered: z.boolean().nullable(), detail: z.string() }),
  checkedAt: z.string().nullable(),
});
export type DroidStatus = z.infer<typeof droidStatusSchema>;

export const snapshotSchema = z.object({
  machine: z.string(),
  checkedAt: z.string(),
  settingsPath: z.string(),
  /** The revision of the files the records were read from (what a save must name); null when unreadable. */
  revision: z.string().nullable(),
  /** Why there are no routes, or a settings file problem; null when the routes were read. */
  settingsNote: z.string().nullable(),
  overall: colorSchema,
  droid: droidStatusSchema,
  surfaces: z.array(surfaceStatusSchema),
  routes: z.array(routeRecordSchema),
  /** Every lint finding of the files, for routes and whole files. */
  findings: z.array(findingSchema),
  /** The project folders whose `.factory/` routes are read. */
  projects: z.array(z.string()),
  /** Each surface account's usage, read on its own slower cadence. */
  usage: z.array(usageReadingSchema),
  /** The last problem with the keychain (locked, no Secret Service), shown once; null when it answered. */
  keychain: failureSchema.nullable(),
});
export type Snapshot = z.infer<typeof snapshotSchema>;
