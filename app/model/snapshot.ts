// The snapshot: everything the tray, the window and `routelights status --json` show, in one document.
// zod schemas, so every transport can check what it sends and receives.
import { z } from 'zod';
import { colorSchema } from './light.ts';

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

export const routeStatusSchema = z.object({
  id: z.string(),
  model: z.string().nullable(),
  displayName: z.string().nullable(),
  surface: z.string().nullable(),
  light: colorSchema,
  /** Which layer the light is about: the route's own settings, its surface, or a sentinel. */
  layer: z.enum(['route', 'surface', 'sentinel']),
  reason: z.string(),
  remedy: z.string(),
  lastSentinel: z.object({ verdict: z.enum(['pass', 'fail']), at: z.string() }).nullable(),
});
export type RouteStatus = z.infer<typeof routeStatusSchema>;

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
  /** Why there are no routes, or a settings file problem; null when the routes were read. */
  settingsNote: z.string().nullable(),
  overall: colorSchema,
  droid: droidStatusSchema,
  surfaces: z.array(surfaceStatusSchema),
  routes: z.array(routeStatusSchema),
});
export type Snapshot = z.infer<typeof snapshotSchema>;
