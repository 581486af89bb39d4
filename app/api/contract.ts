// The one contract the tray, the window and the terminal speak: every method's request and response as
// zod schemas (shared by the in-process service, the HTTP bridge and its client, and the Electron
// preload), and the events. Nothing here may carry a key value.
import { z } from 'zod';
import { sentinelResultSchema } from '../model/sentinel.ts';
import { snapshotSchema } from '../model/snapshot.ts';
import { profileSchema } from '../profiles/profile.ts';

export const findingSchema = z.object({
  rule: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  routeId: z.string().nullable(),
  field: z.string().optional(),
  file: z.string().optional(),
  message: z.string(),
  remedy: z.string(),
});

export const routeViewSchema = z.object({
  id: z.string(),
  idDerived: z.boolean(),
  model: z.string().nullable(),
  displayName: z.string().nullable(),
  provider: z.string().nullable(),
  baseUrl: z.string().nullable(),
  index: z.number().nullable(),
  maxOutputTokens: z.number().nullable(),
  noImageSupport: z.boolean().nullable(),
  /** A `${VAR}` reference as written, `<plain text>`, or null: never the value. */
  apiKey: z.string().nullable(),
  surface: z.object({ id: z.string(), kind: z.string(), origin: z.string() }).nullable(),
  source: z.enum(['settings', 'settings.local', 'legacy-config']),
  position: z.number(),
  shadowedBy: z.string().nullable(),
  /** Fields RouteLights does not know, kept and shown read-only. */
  extra: z.record(z.string(), z.unknown()),
});
export type RouteView = z.infer<typeof routeViewSchema>;

export const routesResponseSchema = z.object({ settingsPath: z.string(), revision: z.string(), routes: z.array(routeViewSchema), findings: z.array(findingSchema) });

const fields = z.record(z.string(), z.unknown());
export const routeChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('add'), entry: fields }),
  z.object({ kind: z.literal('update'), id: z.string(), set: fields, unset: z.array(z.string()).optional(), source: z.enum(['settings', 'settings.local', 'legacy-config']).optional() }),
  z.object({ kind: z.literal('remove'), id: z.string(), source: z.enum(['settings', 'settings.local', 'legacy-config']).optional() }),
  z.object({ kind: z.literal('move'), id: z.string(), to: z.number().int().min(0), source: z.enum(['settings', 'settings.local', 'legacy-config']).optional() }),
]);
export type RouteChangeRequest = z.infer<typeof routeChangeSchema>;

export const failureSchema = z.object({ layer: z.string(), code: z.string(), reason: z.string(), remedy: z.string() });

export const saveRequestSchema = z.object({ changes: z.array(routeChangeSchema).min(1).max(200), revision: z.string() });
export const saveResponseSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('saved'), revision: z.string(), backups: z.array(z.string()) }),
  z.object({ status: z.literal('conflict'), revision: z.string(), reason: z.string(), remedy: z.string() }),
  z.object({ status: z.literal('failed'), failure: failureSchema }),
]);
export type SaveResponse = z.infer<typeof saveResponseSchema>;

export const lintRequestSchema = z.object({ entries: z.array(fields).max(500) });
export const lintResponseSchema = z.object({ findings: z.array(findingSchema) });

export { sentinelResultSchema };
export type SentinelResultView = z.infer<typeof sentinelResultSchema>;

export const runSentinelsRequestSchema = z.object({
  routeIds: z.array(z.string()).optional(),
  force: z.boolean().optional(),
  /** A draft route (not saved): proven through Droid's --settings, touching no file. */
  draft: fields.optional(),
});
export const runSentinelsResponseSchema = z.object({ results: z.array(sentinelResultSchema) });

export const keyInfoSchema = z.object({ name: z.string(), inKeychain: z.boolean(), inEnvironment: z.boolean(), routes: z.array(z.string()) });
export const keysListResponseSchema = z.object({ keys: z.array(keyInfoSchema), failure: failureSchema.nullable() });
export const keyNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a key name is an environment variable name (letters, digits, underscores)');
export const keysSetRequestSchema = z.object({ name: keyNameSchema, value: z.string().min(1).max(8192) });
export const keysDeleteRequestSchema = z.object({ name: keyNameSchema });
export const keysMoveRequestSchema = z.object({ routeIds: z.array(z.string()).optional(), scrubBackups: z.boolean().optional() });
export const keysMoveResponseSchema = z.object({ moves: z.array(z.object({ routeId: z.string(), name: z.string().nullable(), status: z.enum(['moved', 'skipped']), detail: z.string() })), backupsWithKeys: z.array(z.string()), scrubbed: z.array(z.string()) });
export const okResponseSchema = z.object({ ok: z.literal(true) });
export const deleteResponseSchema = z.object({ existed: z.boolean() });

export const backupSchema = z.object({ name: z.string(), path: z.string(), takenAt: z.string(), bytes: z.number() });
export const backupsListResponseSchema = z.object({ backups: z.array(backupSchema) });
export const backupsRestoreRequestSchema = z.object({ name: z.string() });

export const reportSchema = z.object({
  machine: z.string(),
  generatedAt: z.string(),
  settingsPath: z.string(),
  overall: z.enum(['green', 'yellow', 'red', 'gray']),
  items: z.array(z.object({ id: z.string(), label: z.string(), ok: z.boolean().nullable(), evidence: z.string() })),
});
export const reportResponseSchema = z.object({ report: reportSchema, markdown: z.string() });

export const profileImportRequestSchema = z.object({ profile: profileSchema, overrides: z.array(z.string()).max(50).optional() });
export const importPlanSchema = z.object({
  from: z.string(),
  changes: z.array(z.object({ routeId: z.string(), action: z.enum(['add', 'update', 'unchanged']), fields: z.record(z.string(), z.tuple([z.unknown(), z.unknown()])) })),
  missingKeys: z.array(z.string()),
  withoutKey: z.array(z.string()),
});

const empty = z.object({}).strict();

/** Every method: its request and response schema. The bridge's routes and the preload are made from this. */
export const METHODS = {
  snapshot: { request: empty, response: snapshotSchema.nullable() },
  refresh: { request: empty, response: snapshotSchema },
  runSentinels: { request: runSentinelsRequestSchema, response: runSentinelsResponseSchema },
  cancelSentinels: { request: empty, response: okResponseSchema },
  routes: { request: empty, response: routesResponseSchema },
  saveRoutes: { request: saveRequestSchema, response: saveResponseSchema },
  lint: { request: lintRequestSchema, response: lintResponseSchema },
  'keys.list': { request: empty, response: keysListResponseSchema },
  'keys.set': { request: keysSetRequestSchema, response: z.union([okResponseSchema, z.object({ failure: failureSchema })]) },
  'keys.delete': { request: keysDeleteRequestSchema, response: z.union([deleteResponseSchema, z.object({ failure: failureSchema })]) },
  'keys.move': { request: keysMoveRequestSchema, response: z.union([keysMoveResponseSchema, z.object({ failure: failureSchema })]) },
  'backups.list': { request: empty, response: backupsListResponseSchema },
  'backups.restore': { request: backupsRestoreRequestSchema, response: z.union([z.object({ revision: z.string() }), z.object({ failure: failureSchema })]) },
  report: { request: empty, response: reportResponseSchema },
  'profile.export': { request: empty, response: z.object({ profile: profileSchema }) },
  'profile.preview': { request: profileImportRequestSchema, response: z.union([z.object({ plan: importPlanSchema }), z.object({ failure: failureSchema })]) },
  'profile.import': { request: profileImportRequestSchema, response: z.union([z.object({ plan: importPlanSchema, applied: z.number() }), z.object({ failure: failureSchema })]) },
} as const;

export type MethodName = keyof typeof METHODS;
export type Request<M extends MethodName> = z.input<(typeof METHODS)[M]['request']>;
export type Response<M extends MethodName> = z.infer<(typeof METHODS)[M]['response']>;

/** The API as a single call shape: what every transport implements. */
export type Call = <M extends MethodName>(method: M, request: Request<M>) => Promise<Response<M>>;

export const eventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), snapshot: snapshotSchema }),
  z.object({ type: z.literal('light'), kind: z.enum(['route', 'surface', 'droid']), id: z.string(), from: z.string().nullable(), to: z.string(), reason: z.string(), remedy: z.string() }),
  z.object({ type: z.literal('sentinel'), phase: z.enum(['started', 'verdict', 'exited']), routeId: z.string(), result: sentinelResultSchema.nullable() }),
  z.object({ type: z.literal('settings-changed'), revision: z.string(), byRouteLights: z.boolean() }),
]);
export type ApiEvent = z.infer<typeof eventSchema>;

/** The RouteLightsApi: a typed call per method, and a subscription to events. */
export interface RouteLightsApi {
  call: Call;
  subscribe(listener: (event: ApiEvent) => void): () => void;
}
