// The one contract the tray, the window and the terminal speak: every method's request and response as
// zod schemas (for the in-process service, the HTTP bridge, the socket, the Electron preload), and the
// events. A request is checked once, by the service; a response once, by the client that receives it.
// A failure travels as a Failure (app/model/failure.ts) and arrives as a FailureError. Only keys.set
// carries a key value, inwards; no answer or event ever does.
import { z } from 'zod';
import { KEY_NAME_PATTERN } from '../model/key-name.ts';
import { sentinelResultSchema } from '../model/sentinel.ts';
import { colorSchema, failureSchema, findingSchema, routeRecordSchema, snapshotSchema, surfaceKindSchema, usageWindowSchema } from '../model/snapshot.ts';
import { profileSchema } from '../profiles/profile-schema.ts';

const fields = z.record(z.string(), z.unknown());

/** A change names its entry by id and, where the id stands in several files, by the file (a record's source.path). */
export const routeChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('add'), entry: fields, file: z.string().optional() }),
  z.object({ kind: z.literal('update'), id: z.string(), set: fields, unset: z.array(z.string()).optional(), file: z.string().optional(), updateReferences: z.boolean().optional() }),
  z.object({ kind: z.literal('remove'), id: z.string(), file: z.string().optional() }),
  z.object({ kind: z.literal('move'), id: z.string(), to: z.number().int().min(0), file: z.string().optional() }),
]);
export type RouteChangeRequest = z.infer<typeof routeChangeSchema>;

export const routesResponseSchema = z.object({ settingsPath: z.string(), revision: z.string(), routes: z.array(routeRecordSchema), findings: z.array(findingSchema), projects: z.array(z.string()) });

export const saveResponseSchema = z.discriminatedUnion('status', [
  /**
   * `files`: the files written, in order, so that a front end can say where a change went. `pinned`: ids
   * Droid derived that the change would have moved, written out first; `references`: on a rename, where
   * the file still names (or no longer names, when updated) the old id.
   */
  /** `actionId`: the save as one user action, for `backups.undo` (null when it wrote nothing). */
  z.object({ status: z.literal('saved'), revision: z.string(), files: z.array(z.string()), backups: z.array(z.string()), pinned: z.array(z.string()), references: z.array(z.object({ oldId: z.string(), file: z.string(), paths: z.array(z.string()), updated: z.boolean() })), actionId: z.string().nullable() }),
  z.object({ status: z.literal('conflict'), revision: z.string(), reason: z.string(), remedy: z.string() }),
]);
export type SaveResponse = z.infer<typeof saveResponseSchema>;

/** Who asked for a run, so that a refusal can say which run is in the way. */
export const CLIENTS = ['tray', 'window', 'terminal'] as const;
export type Client = (typeof CLIENTS)[number];

export const runSentinelsRequestSchema = z.object({
  /** Routes by id (the entries Droid uses), or by key (file and id, e.g. a project's route). */
  routeIds: z.array(z.string()).optional(),
  routeKeys: z.array(z.string()).optional(),
  force: z.boolean().optional(),
  /** Draft routes (not saved): proven through Droid's --settings, touching no file. */
  drafts: z.array(fields).min(1).max(50).optional(),
  concurrency: z.number().int().min(1).max(64).optional(),
  timeoutMs: z.number().int().min(1_000).max(3_600_000).optional(),
  requestedBy: z.enum(CLIENTS).optional(),
});

export const keyNameSchema = z.string().regex(new RegExp(`^${KEY_NAME_PATTERN}$`), 'a key name is an environment variable name (letters, digits, underscores)');
/** `inKeychain` is null when the keychain could not be listed (locked, no Secret Service): not known, not missing. */
export const keyInfoSchema = z.object({ name: z.string(), inKeychain: z.boolean().nullable(), inEnvironment: z.boolean(), routes: z.array(z.string()) });
export const keyMovesSchema = z.object({ moves: z.array(z.object({ routeId: z.string(), field: z.string(), name: z.string().nullable(), status: z.enum(['moved', 'skipped', 'planned']), detail: z.string() })), backupsWithKeys: z.array(z.string()), scrubbed: z.array(z.string()), actionId: z.string().nullable() });

/** A backup as a history entry: the user action it preceded (null for one taken before actions were noted), the routes that action touched, and whether it still holds a secret in clear. */
export const backupSchema = z.object({ name: z.string(), path: z.string(), takenAt: z.string(), bytes: z.number(), action: z.string().nullable(), actionId: z.string().nullable(), routes: z.array(z.string()), holdsPlainKey: z.boolean() });
export const diffLineSchema = z.object({ kind: z.enum(['same', 'add', 'remove']), text: z.string() });

export const reportSchema = z.object({
  machine: z.string(),
  generatedAt: z.string(),
  settingsPath: z.string(),
  overall: colorSchema,
  items: z.array(z.object({ id: z.string(), label: z.string(), ok: z.boolean().nullable(), evidence: z.string() })),
});

export const profileImportRequestSchema = z.object({ profile: profileSchema, overrides: z.array(z.string()).max(50).optional() });
export const importPlanSchema = z.object({
  from: z.string(),
  changes: z.array(z.object({ routeId: z.string(), action: z.enum(['add', 'update', 'unchanged']), fields: z.record(z.string(), z.tuple([z.unknown(), z.unknown()])) })),
  missingKeys: z.array(z.string()),
  withoutKey: z.array(z.string()),
});

/** What the user set per surface: a declared kind and a usage threshold; `kindFromEnv` when ROUTELIGHTS_SURFACE_KINDS sets the kind. */
export const surfacePreferenceSchema = z.object({ origin: z.string(), kind: surfaceKindSchema.nullable(), kindFromEnv: z.boolean(), lowPercent: z.number().nullable() });
export const surfaceSetRequestSchema = z.object({ origin: z.string().min(1).max(2048), kind: surfaceKindSchema.nullable().optional(), lowPercent: z.number().min(0).max(100).nullable().optional() }).strict();

export const projectSchema = z.object({ path: z.string(), files: z.array(z.object({ path: z.string(), exists: z.boolean() })), routes: z.number() });

/** A route named by the file it stands in (a record's source.path) and its id; neither: a new route. */
export const openRouteSchema = z.union([z.object({ source: z.string().min(1), id: z.string().min(1) }).strict(), z.object({}).strict()]);

/** Who answered: the menu bar app, `routelights serve`, or the command itself (in-process). */
export const aboutSchema = z.object({ kind: z.enum(['app', 'serve', 'process']), pid: z.number(), startedAt: z.string(), settingsPath: z.string(), machine: z.string(), version: z.string() });
export type About = z.infer<typeof aboutSchema>;

const empty = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });
const file = z.object({ file: z.string().optional() }).strict();

/** Every method: its request and response schema. The bridge's routes and the preload are made from this. */
export const METHODS = {
  about: { request: empty, response: aboutSchema },
  snapshot: { request: empty, response: snapshotSchema.nullable() },
  refresh: { request: empty, response: snapshotSchema },
  routes: { request: empty, response: routesResponseSchema },
  /** A change that would leave its route with a lint error it did not have is refused, unless `force`. */
  saveRoutes: { request: z.object({ changes: z.array(routeChangeSchema).min(1).max(200), revision: z.string(), force: z.boolean().optional() }), response: saveResponseSchema },
  lint: { request: z.object({ entries: z.array(fields).max(500) }), response: z.object({ findings: z.array(findingSchema) }) },
  fixTrailingCommas: { request: empty, response: z.object({ fixes: z.array(z.object({ path: z.string(), removed: z.number(), backupPath: z.string().nullable() })) }) },
  migrateLegacy: { request: empty, response: z.object({ steps: z.array(z.object({ id: z.string(), status: z.enum(['migrated', 'skipped']), detail: z.string() })) }) },
  /** `note`: said when the run went otherwise than asked (Droid had no session protocol: one droid exec per route). */
  runSentinels: { request: runSentinelsRequestSchema, response: z.object({ results: z.array(sentinelResultSchema), note: z.string().nullable() }) },
  cancelSentinels: { request: empty, response: ok },
  'keys.list': { request: empty, response: z.object({ keys: z.array(keyInfoSchema), keychain: failureSchema.nullable() }) },
  'keys.set': { request: z.object({ name: keyNameSchema, value: z.string().min(1).max(8192) }), response: ok },
  'keys.delete': { request: z.object({ name: keyNameSchema }), response: z.object({ existed: z.boolean() }) },
  /** `dryRun`: the moves it would make (status `planned`), nothing stored or written: a preview. */
  'keys.move': { request: z.object({ routeIds: z.array(z.string()).optional(), scrubBackups: z.boolean().optional(), dryRun: z.boolean().optional() }), response: keyMovesSchema },
  'backups.list': { request: file, response: z.object({ file: z.string(), backups: z.array(backupSchema) }) },
  'backups.restore': { request: z.object({ name: z.string(), file: z.string().optional() }).strict(), response: z.object({ revision: z.string() }) },
  /** A backup against the file as it is now, line by line, secrets masked: what a restore would change. */
  'backups.diff': { request: z.object({ name: z.string(), file: z.string().optional() }).strict(), response: z.object({ lines: z.array(diffLineSchema), identical: z.boolean() }) },
  /** Undoes one user action: restores every backup it took (one per file it wrote). */
  'backups.undo': { request: z.object({ actionId: z.string().min(1) }).strict(), response: z.object({ files: z.array(z.string()), revision: z.string() }) },
  /** Deletes the backups that still hold a secret in clear (of one file, or of every route file). */
  'backups.scrub': { request: file, response: z.object({ removed: z.array(z.string()) }) },
  'projects.list': { request: empty, response: z.object({ projects: z.array(projectSchema) }) },
  'projects.add': { request: z.object({ path: z.string().min(1) }).strict(), response: z.object({ projects: z.array(projectSchema) }) },
  'projects.remove': { request: z.object({ path: z.string().min(1) }).strict(), response: z.object({ projects: z.array(projectSchema) }) },
  report: { request: empty, response: z.object({ report: reportSchema, markdown: z.string() }) },
  'profile.export': { request: empty, response: z.object({ profile: profileSchema }) },
  'profile.preview': { request: profileImportRequestSchema, response: z.object({ plan: importPlanSchema }) },
  'profile.import': { request: profileImportRequestSchema, response: z.object({ plan: importPlanSchema, applied: z.number() }) },
  'surfaces.list': { request: empty, response: z.object({ surfaces: z.array(surfacePreferenceSchema) }) },
  /** Declare an origin's kind or set its usage threshold (null clears either); the lights follow at once. */
  'surfaces.set': { request: surfaceSetRequestSchema, response: z.object({ surfaces: z.array(surfacePreferenceSchema) }) },
  /** Ask the window to open a route's editor (source and id), or the new-route editor (neither). */
  openRoute: { request: openRouteSchema, response: ok },
} as const;

export type MethodName = keyof typeof METHODS;
export type Request<M extends MethodName> = z.input<(typeof METHODS)[M]['request']>;
export type Response<M extends MethodName> = z.infer<(typeof METHODS)[M]['response']>;

/** True only for the contract's own methods: never `__proto__`, `constructor` or `toString`. */
export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(METHODS, name);
}

/** The API as a single call shape: what every transport implements. */
export type Call = <M extends MethodName>(method: M, request: Request<M>) => Promise<Response<M>>;

export const eventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), snapshot: snapshotSchema }),
  /** `byQuota`: a usage window made the new light or the one it leaves (the `usage` event tells that story once). */
  z.object({ type: z.literal('light'), kind: z.enum(['route', 'surface', 'droid']), key: z.string(), id: z.string(), from: colorSchema.nullable(), to: colorSchema, reason: z.string(), remedy: z.string(), byQuota: z.boolean().optional() }),
  /** A usage window crossed its threshold, ran out, or came back after either. */
  z.object({ type: z.literal('usage'), account: z.string(), label: z.string(), window: usageWindowSchema, from: usageWindowSchema.shape.state, to: z.enum(['low', 'exhausted', 'ok']) }),
  /** `progress`: verdicts in and routes in the run, so that every front end counts the same "n of N". */
  /** `waiting`: Droid retries the model call (a 429, a timeout), with its attempt and why. */
  z.object({ type: z.literal('sentinel'), phase: z.enum(['started', 'waiting', 'verdict', 'exited']), routeId: z.string(), routeKey: z.string(), result: sentinelResultSchema.nullable(), progress: z.object({ done: z.number(), total: z.number() }), waiting: z.object({ attempt: z.number(), why: z.string() }).optional() }),
  z.object({ type: z.literal('settings-changed'), revision: z.string(), byRouteLights: z.boolean() }),
  /** For the window only: open this route's editor (source and id null: the new-route editor). */
  z.object({ type: z.literal('open-route'), source: z.string().nullable(), id: z.string().nullable() }),
]);
export type ApiEvent = z.infer<typeof eventSchema>;

/** A window's subscription also receives `open-route`, held until a window listens; other subscribers never do. */
export interface SubscribeOptions {
  window?: boolean;
}

/** The RouteLightsApi: a typed call per method, and a subscription to events. */
export interface RouteLightsApi {
  call: Call;
  subscribe(listener: (event: ApiEvent) => void, options?: SubscribeOptions): () => void;
}
