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

export const surfaceKindSchema = z.enum(['vibeproxy', 'litellm', 'zai', 'kimi', 'openai-compatible', 'anthropic-compatible']);

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
});
export type SurfaceStatus = z.infer<typeof surfaceStatusSchema>;

export const keyKindSchema = z.discriminatedUnion('kind', [z.object({ kind: z.literal('none') }), z.object({ kind: z.literal('plain') }), z.object({ kind: z.literal('reference'), name: z.string() })]);

export const routeSourceSchema = z.object({ kind: z.enum(SOURCE_KINDS), path: z.string(), position: z.number(), project: z.string().nullable() });

export const routeLayerSchema = z.enum(['route', 'surface', 'sentinel']);

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
  /** The last problem with the keychain (locked, no Secret Service), shown once; null when it answered. */
  keychain: failureSchema.nullable(),
});
export type Snapshot = z.infer<typeof snapshotSchema>;
