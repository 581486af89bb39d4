// The window's state: one zustand store, a slice per view (status and routes, editor, sentinels, keys,
// backups). The routes are the snapshot's records: what the settings say and their lights come from one
// read, never joined here. Every action talks to the injected RouteLightsApi and nothing else.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiEvent, Request, Response, RouteLightsApi } from '../../app/api/contract.ts';
import type { Snapshot } from '../../app/model/snapshot.ts';
import { saveNotes } from '../../app/model/save-note.ts';
import { changeFor, draftFromRoute, emptyDraft, entryFromDraft, type Draft } from './draft.ts';
import type { RouteRecord, SentinelResult } from './types.ts';

export type Finding = Response<'lint'>['findings'][number];
export type KeyInfo = Response<'keys.list'>['keys'][number];
export type Backup = Response<'backups.list'>['backups'][number];
export type KeyMoves = Response<'keys.move'>;
export type BackupDiff = Response<'backups.diff'> & { name: string };
export type View = 'routes' | 'layers' | 'projects' | 'keys' | 'backups' | 'profiles';
export type Project = Response<'projects.list'>['projects'][number];
/** What the user set for a surface: its declared kind (or one ROUTELIGHTS_SURFACE_KINDS sets) and its usage threshold. */
export type SurfacePreference = Response<'surfaces.list'>['surfaces'][number];
export type SurfaceChange = Omit<Request<'surfaces.set'>, 'origin'>;
export type ImportPlanView = Extract<Response<'profile.preview'>, { plan: unknown }>['plan'];
export type SortKey = 'file' | 'light' | 'id' | 'displayName' | 'model' | 'surface';
/** The draft fields a person edits (and a conflict's reload keeps). */
export const DRAFT_FIELDS = ['id', 'model', 'displayName', 'provider', 'baseUrl', 'keyRef', 'maxOutputTokens', 'noImageSupport'] as const;
export type DraftField = (typeof DRAFT_FIELDS)[number];

export interface Notice {
  kind: 'error' | 'info';
  text: string;
}

export interface EditorState {
  mode: 'add' | 'edit' | 'duplicate';
  originalId: string | null;
  original: RouteRecord | null;
  draft: Draft;
  lint: Finding[];
  /** The Test of this very draft: `draft` is the draft it ran on; a change of the draft clears the verdict. */
  test: { running: boolean; result: SentinelResult | null; error: string | null; draft: Draft | null };
  /** Fields changed on disk since the editor opened (what a conflict's reload brought in), with the values before and after. */
  outside: Array<{ field: DraftField; from: string; to: string; mine: boolean }>;
  saving: boolean;
  /** The revision of the files the editor opened on: a save against it finds any change made since. */
  revision: string | null;
  reviewing: boolean;
}

export interface Conflict {
  reason: string;
  remedy: string;
}

export interface AppState {
  view: View;
  snapshot: Snapshot | null;
  notice: Notice | null;
  outsideChange: boolean;
  filter: string;
  sort: { key: SortKey; dir: 'asc' | 'desc' };
  selected: string[];
  /** The route the inspector shows (its key). */
  current: string | null;
  // sentinels, by route key
  progress: Record<string, { phase: 'started' | 'waiting' | 'verdict' | 'exited'; result: SentinelResult | null; waiting?: { attempt: number; why: string } }>;
  running: boolean;
  /** The run's "n of N" (from the sentinel events), null when none runs. */
  count: { done: number; total: number } | null;
  /** The keys of the routes the window's own run covers: only their events are a row's progress. */
  runKeys: string[];
  refreshing: boolean;
  /** False once a call found the server gone (said once, until a call succeeds again). */
  reachable: boolean;
  /** A key name the Keys view's form starts with (a "Set key" remedy). */
  keyPrefill: string | null;
  // editor
  editor: EditorState | null;
  conflict: Conflict | null;
  // keys and backups
  keys: KeyInfo[];
  keysProblem: string | null;
  /** The preview of a bulk move (keys.move dryRun): what Move N keys will do; null when none is shown. */
  movePlan: KeyMoves | null;
  /** What the last bulk move did (its actionId is its Undo); null when none, or once undone. */
  moveReport: KeyMoves | null;
  /** The file whose history the Backups view shows (null: the settings file, until listed). */
  backupsFile: string | null;
  backups: Backup[];
  backupsProblem: string | null;
  /** The diff of one backup against the file now (secrets masked): Restore is offered only for this backup. */
  backupDiff: BackupDiff | null;
  // project folders
  projects: Project[];
  projectsProblem: string | null;
  // surface kinds and usage thresholds (null until read)
  surfacePrefs: SurfacePreference[] | null;
  surfacesProblem: string | null;
  // profiles
  exported: string | null;
  importPlan: ImportPlanView | null;
  /** The text and overrides the import plan was made from: Import only applies exactly what was previewed. */
  importPlanFor: { text: string; overrides: string } | null;
  profileProblem: string | null;
  /** A route the menu bar asked to open before the routes were loaded. */
  pendingOpen: { source: string | null; id: string | null } | null;

  setView(view: View): void;
  setFilter(text: string): void;
  setSort(key: SortKey): void;
  toggleSelected(id: string): void;
  setSelected(keys: string[]): void;
  setCurrent(key: string | null): void;
  setKeyPrefill(name: string | null): void;
  /** An informational notice (null clears it). */
  say(text: string | null): void;
  fixCommas(): Promise<void>;
  loadAll(): Promise<void>;
  reload(): Promise<void>;
  refresh(): Promise<void>;
  runSentinels(routeKeys?: string[]): Promise<void>;
  cancelSentinels(): Promise<void>;
  openEditor(mode: EditorState['mode'], route?: RouteRecord): void;
  /** The menu bar's "Open in Settings…" (a route's editor) and "Add a route…" (id null). */
  openRoute(source: string | null, id: string | null): void;
  closeEditor(): void;
  editDraft(patch: Partial<Draft>): void;
  testDraft(): Promise<void>;
  review(): void;
  save(): Promise<boolean>;
  removeRoute(route: RouteRecord): Promise<void>;
  moveRoute(route: RouteRecord, to: number): Promise<void>;
  reloadAfterConflict(): Promise<void>;
  loadKeys(): Promise<void>;
  setKey(name: string, value: string): Promise<boolean>;
  deleteKey(name: string): Promise<void>;
  /** Asks for the bulk move's preview (nothing stored, nothing written). */
  previewMoveKeys(): Promise<void>;
  /** Applies the previewed move (only the routes the preview named). */
  moveKeys(): Promise<void>;
  cancelMoveKeys(): void;
  /** Puts back the files the last bulk move wrote (the Keychain items stay). */
  undoMoveKeys(): Promise<void>;
  /** The history of a route file (undefined: the file shown, else the settings file). */
  loadBackups(file?: string): Promise<void>;
  showBackupDiff(name: string): Promise<void>;
  hideBackupDiff(): void;
  /** Restores a backup, only once its diff was shown. */
  restoreBackup(name: string): Promise<void>;
  /** Undoes one user action (every file it wrote); `label` is its words, for the notice. */
  undoAction(actionId: string, label: string): Promise<void>;
  /** Deletes the shown file's backups that still hold a secret in clear. */
  scrubBackups(): Promise<void>;
  loadProjects(): Promise<void>;
  addProject(path: string): Promise<boolean>;
  removeProject(path: string): Promise<void>;
  loadSurfaces(): Promise<void>;
  /** Declares a surface's kind or sets its threshold (null clears either); false, with the reason in surfacesProblem, when refused. */
  setSurface(origin: string, change: SurfaceChange): Promise<boolean>;
  exportProfile(): Promise<void>;
  previewImport(text: string, overrides: string[]): Promise<void>;
  applyImport(text: string, overrides: string[]): Promise<void>;
  onEvent(event: ApiEvent): void;
}

function message(error: unknown): string {
  const failure = (error as { failure?: { reason: string; remedy: string } }).failure;
  return failure ? `${failure.reason} ${failure.remedy}` : (error as Error).message;
}

export const UNREACHABLE = "Can't reach RouteLights: it stopped or restarted. Start it again (routelights serve, or the menu bar app), then reload this page.";

/** A transport failure (the server gone), not a failure the service answered. */
function unreachable(error: unknown): boolean {
  const failure = (error as { failure?: { code?: string } }).failure;
  if (failure) return failure.code === 'unreachable';
  return error instanceof TypeError || /fetch|network|ECONNREFUSED|Failed to/i.test((error as Error)?.message ?? '');
}

export function sameDraft(a: Draft, b: Draft): boolean {
  return DRAFT_FIELDS.every((f) => a[f] === b[f]);
}

/** custom:<Name>-<index>: the name from the display name (else the model), the first index no route of that name uses. */
export function suggestId(draft: Pick<Draft, 'displayName' | 'model'>, routes: readonly RouteRecord[]): string {
  const name = (draft.displayName.trim() || draft.model.trim() || 'model').replace(/\s+/g, '-').replace(/-?\(copy\)$/, '');
  const taken = new Set(routes.map((r) => r.id));
  let n = 0;
  while (taken.has(`custom:${name}-${n}`)) n++;
  return `custom:${name}-${n}`;
}

function parseProfile(text: string): never | null {
  try {
    return JSON.parse(text) as never;
  } catch {
    return null;
  }
}

export function createAppStore(api: RouteLightsApi): StoreApi<AppState> {
  let lintTimer: ReturnType<typeof setTimeout> | undefined;
  return createStore<AppState>()((set, get) => {
    /** A call's failure said once: the server gone is "can't reach RouteLights" (until a call succeeds again), anything else its reason. */
    const failed = (error: unknown) => {
      if (unreachable(error)) {
        if (get().reachable) set({ reachable: false, notice: { kind: 'error', text: UNREACHABLE } });
        return;
      }
      set({ notice: { kind: 'error', text: message(error) } });
    };
    const guard = async (work: () => Promise<void>) => {
      try {
        await work();
        if (!get().reachable) set({ reachable: true, notice: null });
      } catch (error) {
        failed(error);
      }
    };
    /** A view's own call: a refusal goes to that view's problem (an alert there), the server gone to the notice; never a rejection. */
    const attempt = async (problem: 'keysProblem' | 'backupsProblem', work: () => Promise<void>) => {
      try {
        await work();
        if (!get().reachable) set({ reachable: true, notice: null });
      } catch (error) {
        if (unreachable(error)) failed(error);
        else set({ [problem]: message(error) } as Pick<AppState, typeof problem>);
      }
    };
    /** After an undo, a restore or a scrub: the routes, the history and the keys as they are now. */
    const afterHistoryChange = async () => {
      await Promise.all([get().reload(), get().loadBackups(), get().view === 'keys' ? get().loadKeys() : Promise.resolve()]);
    };
    const lintDraft = () => {
      clearTimeout(lintTimer);
      lintTimer = setTimeout(() => {
        const editor = get().editor;
        if (!editor) return;
        api
          .call('lint', { entries: [entryFromDraft(editor.draft, editor.original)] })
          .then(({ findings }) => {
            const current = get().editor;
            if (current) set({ editor: { ...current, lint: findings } });
          })
          .catch(failed);
      }, 150);
    };

    return {
      view: 'routes',
      snapshot: null,
      notice: null,
      outsideChange: false,
      filter: '',
      sort: { key: 'file', dir: 'asc' },
      selected: [],
      current: null,
      progress: {},
      running: false,
      count: null,
      runKeys: [],
      refreshing: false,
      reachable: true,
      keyPrefill: null,
      editor: null,
      conflict: null,
      keys: [],
      keysProblem: null,
      movePlan: null,
      moveReport: null,
      backupsFile: null,
      backups: [],
      backupsProblem: null,
      backupDiff: null,
      projects: [],
      projectsProblem: null,
      surfacePrefs: null,
      surfacesProblem: null,
      exported: null,
      importPlan: null,
      importPlanFor: null,
      profileProblem: null,
      pendingOpen: null,

      setView: (view) => {
        set({ view });
        if (view === 'keys') void get().loadKeys();
        if (view === 'backups') void get().loadBackups();
        if (view === 'projects') void get().loadProjects();
        if (view === 'layers') void get().loadSurfaces();
      },
      setFilter: (filter) => set({ filter }),
      setSort: (key) => set(({ sort }) => ({ sort: { key, dir: sort.key === key && sort.dir === 'asc' ? 'desc' : 'asc' } })),
      toggleSelected: (id) => set(({ selected }) => ({ selected: selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id] })),
      setSelected: (selected) => set({ selected }),
      setCurrent: (current) => set({ current }),
      setKeyPrefill: (keyPrefill) => set({ keyPrefill }),
      say: (text) => set({ notice: text === null ? null : { kind: 'info', text } }),
      fixCommas: () =>
        guard(async () => {
          const { fixes } = await api.call('fixTrailingCommas', {});
          const removed = fixes.reduce((n, f) => n + f.removed, 0);
          set({ notice: { kind: 'info', text: removed ? `Removed ${removed} trailing comma(s) from ${fixes.map((f) => f.path).join(', ')}; a backup was kept.` : 'No trailing commas to remove.' } });
          await get().reload();
        }),

      loadAll: () =>
        guard(async () => {
          const snapshot = (await api.call('snapshot', {})) ?? (await api.call('refresh', {}));
          set({ snapshot });
          const pending = get().pendingOpen;
          if (pending) get().openRoute(pending.source, pending.id);
        }),
      reload: () =>
        guard(async () => {
          // The files as they are now, in the same records (lights from the latest probes).
          const { routes, revision, findings, projects } = await api.call('routes', {});
          const snapshot = get().snapshot;
          if (snapshot) set({ snapshot: { ...snapshot, routes, findings, projects, revision } });
          const editor = get().editor;
          set({ outsideChange: false, ...(editor ? { editor: { ...editor, revision } } : {}) });
        }),
      refresh: async () => {
        if (get().refreshing) return;
        set({ refreshing: true });
        try {
          await guard(async () => set({ snapshot: await api.call('refresh', {}) }));
        } finally {
          set({ refreshing: false });
        }
      },

      runSentinels: (routeKeys) =>
        guard(async () => {
          const keys = routeKeys ?? (get().snapshot?.routes ?? []).filter((r) => r.used).map((r) => r.key);
          set({ running: true, runKeys: keys, count: { done: 0, total: keys.length }, progress: Object.fromEntries(keys.map((key) => [key, { phase: 'started' as const, result: null }])) });
          try {
            const { note, results } = await api.call('runSentinels', { requestedBy: 'window', ...(routeKeys ? { routeKeys } : {}) });
            // Every row of the run ends with its verdict, whether or not its events came (a cancel before Droid started sends none).
            const byKey = new Map(results.map((r) => [r.routeKey, r]));
            set(({ progress }) => ({
              progress: Object.fromEntries(
                Object.entries(progress).flatMap(([key, p]) => {
                  const result = byKey.get(key) ?? p.result;
                  return result ? [[key, { phase: 'verdict' as const, result }]] : [];
                }),
              ),
              ...(note ? { notice: { kind: 'info' as const, text: note } } : {}),
            }));
            set({ snapshot: await api.call('refresh', {}) });
          } catch (error) {
            // Refused or gone: no row stays "running…".
            set(({ progress }) => ({ progress: Object.fromEntries(Object.entries(progress).filter(([, p]) => p.result)) }));
            throw error;
          } finally {
            set({ running: false, count: null, runKeys: [] });
          }
        }),
      cancelSentinels: () => guard(async () => void (await api.call('cancelSentinels', {}))),

      openEditor: (mode, route) => {
        const draft = route ? draftFromRoute(route, mode === 'duplicate') : emptyDraft();
        if (mode === 'duplicate' && route) draft.id = suggestId(draft, get().snapshot?.routes ?? []);
        set({ editor: { mode, originalId: mode === 'edit' ? (route?.id ?? null) : null, original: route ?? null, draft, lint: [], test: { running: false, result: null, error: null, draft: null }, outside: [], saving: false, reviewing: false, revision: get().snapshot?.revision ?? null }, conflict: null, outsideChange: false });
        lintDraft();
        if (get().keys.length === 0) void get().loadKeys();
      },
      openRoute: (source, id) => {
        const snapshot = get().snapshot;
        if (!snapshot) return set({ pendingOpen: { source, id } });
        set({ pendingOpen: null });
        get().setView('routes');
        if (id === null) return get().openEditor('add');
        const route = snapshot.routes.find((r) => r.id === id && (source === null || r.source.path === source));
        if (route) get().openEditor('edit', route);
        else set({ notice: { kind: 'error', text: `${id} is no longer in ${source ?? 'the settings'}: it was renamed or removed since the menu was drawn.` } });
      },
      closeEditor: () => set({ editor: null, conflict: null }),
      editDraft: (patch) => {
        const editor = get().editor;
        if (!editor) return;
        const draft = { ...editor.draft, ...patch };
        // The verdict was about the draft as it was: a change makes the draft untested again.
        const test = editor.test.draft && !sameDraft(editor.test.draft, draft) ? { running: editor.test.running, result: null, error: null, draft: editor.test.running ? editor.test.draft : null } : editor.test;
        set({ editor: { ...editor, draft, test } });
        lintDraft();
      },
      testDraft: async () => {
        const editor = get().editor;
        if (!editor) return;
        const tested = editor.draft;
        set({ editor: { ...editor, test: { running: true, result: null, error: null, draft: tested } } });
        // Only a verdict on the draft as it still stands is shown.
        const land = (test: Pick<EditorState['test'], 'result' | 'error'>) => {
          const current = get().editor;
          if (current) set({ editor: { ...current, test: { running: false, ...(sameDraft(current.draft, tested) ? { ...test, draft: tested } : { result: null, error: null, draft: null }) } } });
        };
        try {
          const { results } = await api.call('runSentinels', { requestedBy: 'window', drafts: [entryFromDraft(tested, editor.original)] });
          land({ result: results[0] ?? null, error: null });
        } catch (error) {
          land({ result: null, error: unreachable(error) ? UNREACHABLE : message(error) });
        }
      },
      review: () => {
        const editor = get().editor;
        if (editor) set({ editor: { ...editor, reviewing: true } });
      },
      save: async () => {
        const { editor } = get();
        if (!editor?.revision || editor.saving) return false;
        set({ editor: { ...editor, saving: true } });
        const done = () => {
          const current = get().editor;
          if (current) set({ editor: { ...current, saving: false } });
        };
        try {
          const change = changeFor(editor);
          const answer = await api.call('saveRoutes', { revision: editor.revision, changes: [change] });
          if (answer.status === 'saved') {
            const notes = saveNotes(answer, 'Change them in the file.');
            const id = change.kind === 'update' ? ((change.set.id as string | undefined) ?? change.id) : change.kind === 'add' ? String(change.entry.id ?? '') : change.id;
            const file = change.file ?? get().snapshot?.settingsPath ?? '';
            // The editor's verdict goes with the editor: the saved route shows its own light and proof.
            // A live verdict from before the save was about the route as it was: the saved one shows its own light and last proof.
            set(({ progress }) => ({ progress: Object.fromEntries(Object.entries(progress).filter(([key]) => key !== editor.original?.key)) }));
            set({ editor: null, conflict: null, notice: { kind: 'info', text: [`Saved. Backup: ${answer.backups.join(', ') || 'none needed'}.`, ...notes].join(' ') } });
            await get().reload();
            const saved = get().snapshot?.routes.find((r) => r.id === id && (!file || r.source.path === file));
            if (saved) set({ current: saved.key });
            return true;
          }
          set({ conflict: { reason: answer.reason, remedy: answer.remedy } });
        } catch (error) {
          failed(error);
        } finally {
          done();
        }
        return false;
      },
      removeRoute: (route) =>
        guard(async () => {
          const answer = await api.call('saveRoutes', { revision: get().snapshot?.revision ?? '', changes: [{ kind: 'remove', id: route.id, file: route.source.path }] });
          if (answer.status === 'conflict') set({ conflict: { reason: answer.reason, remedy: answer.remedy } });
          await get().reload();
        }),
      moveRoute: (route, to) =>
        guard(async () => {
          const answer = await api.call('saveRoutes', { revision: get().snapshot?.revision ?? '', changes: [{ kind: 'move', id: route.id, to, file: route.source.path }] });
          if (answer.status === 'conflict') set({ conflict: { reason: answer.reason, remedy: answer.remedy } });
          await get().reload();
        }),
      reloadAfterConflict: async () => {
        await get().reload();
        const editor = get().editor;
        set({ conflict: null });
        if (!editor?.original) return;
        // Rebase the draft on the file as it is now: the fields the user changed keep the user's value,
        // every other field takes what is on disk; what changed outside is listed for the review.
        const before = editor.original;
        const fresh = get().snapshot?.routes.find((r) => r.source.path === before.source.path && r.id === (editor.originalId ?? before.id)) ?? null;
        if (!fresh) {
          set({ notice: { kind: 'error', text: `${before.id} is no longer in ${before.source.path}: it was renamed or removed on disk. Cancel, or save your draft as a new route with Duplicate.` } });
          return;
        }
        const old = draftFromRoute(before, false);
        const now = draftFromRoute(fresh, false);
        const draft = { ...now };
        const outside: EditorState['outside'] = [];
        for (const field of DRAFT_FIELDS) {
          const mine = editor.draft[field] !== old[field];
          if (mine) (draft as Record<DraftField, unknown>)[field] = editor.draft[field];
          if (now[field] !== old[field]) outside.push({ field, from: String(old[field]), to: String(now[field]), mine });
        }
        set({ editor: { ...editor, original: fresh, draft, outside, mode: editor.mode, test: sameDraft(draft, editor.draft) ? editor.test : { running: false, result: null, error: null, draft: null } } });
        lintDraft();
      },

      loadKeys: () =>
        guard(async () => {
          const { keys, keychain } = await api.call('keys.list', {});
          set({ keys, keysProblem: keychain ? `${keychain.reason} ${keychain.remedy}` : null });
        }),
      setKey: async (name, value) => {
        try {
          await api.call('keys.set', { name, value });
        } catch (error) {
          set({ keysProblem: message(error) });
          return false;
        }
        set({ keysProblem: null, notice: { kind: 'info', text: `Stored ${name} in the Keychain.` } });
        await get().loadKeys();
        return true;
      },
      deleteKey: (name) =>
        guard(async () => {
          await api.call('keys.delete', { name }).catch((error: unknown) => set({ keysProblem: message(error) }));
          await get().loadKeys();
        }),
      previewMoveKeys: () =>
        attempt('keysProblem', async () => {
          set({ movePlan: null });
          set({ movePlan: await api.call('keys.move', { dryRun: true }), keysProblem: null });
        }),
      moveKeys: () =>
        attempt('keysProblem', async () => {
          const plan = get().movePlan;
          const routeIds = [...new Set((plan?.moves ?? []).filter((m) => m.status === 'planned').map((m) => m.routeId))];
          if (routeIds.length === 0) return set({ keysProblem: 'Nothing was previewed to move: preview the move first.' });
          // Only the routes the preview named: a route added since is left for the next preview.
          const report = await api.call('keys.move', { routeIds });
          set({ movePlan: null, moveReport: report, keysProblem: null });
          await Promise.all([get().loadKeys(), get().reload(), get().loadBackups()]);
        }),
      cancelMoveKeys: () => set({ movePlan: null }),
      undoMoveKeys: () =>
        attempt('keysProblem', async () => {
          const actionId = get().moveReport?.actionId;
          if (!actionId) return;
          const { files } = await api.call('backups.undo', { actionId });
          set({ moveReport: null, keysProblem: null, notice: { kind: 'info', text: `Undone: ${files.join(', ')} ${files.length === 1 ? 'is' : 'are'} back as before the move, with the plain-text key. The keys stay in the Keychain: delete them below if nothing uses them.` } });
          await afterHistoryChange();
        }),
      loadBackups: (file) =>
        attempt('backupsProblem', async () => {
          const wanted = file ?? get().backupsFile ?? undefined;
          const answer = await api.call('backups.list', wanted ? { file: wanted } : {});
          const diff = get().backupDiff;
          set({ backups: answer.backups, backupsFile: answer.file, backupsProblem: null, ...(diff && (file !== undefined || !answer.backups.some((b) => b.name === diff.name)) ? { backupDiff: null } : {}) });
        }),
      showBackupDiff: (name) =>
        attempt('backupsProblem', async () => {
          const file = get().backupsFile;
          const answer = await api.call('backups.diff', { name, ...(file ? { file } : {}) });
          set({ backupDiff: { ...answer, name }, backupsProblem: null });
        }),
      hideBackupDiff: () => set({ backupDiff: null }),
      restoreBackup: (name) =>
        attempt('backupsProblem', async () => {
          if (get().backupDiff?.name !== name) return set({ backupsProblem: 'Show the changes of this version first: Restore puts back exactly what they show.' });
          const file = get().backupsFile;
          await api.call('backups.restore', { name, ...(file ? { file } : {}) });
          set({ backupDiff: null, backupsProblem: null, notice: { kind: 'info', text: `Restored the version of ${file ?? 'the settings file'} from ${name.replace(/^.*\.backup-/, '')} (UTC). The file as it was is a backup too: undo this from the history.` } });
          await afterHistoryChange();
        }),
      undoAction: (actionId, label) =>
        attempt('backupsProblem', async () => {
          const { files } = await api.call('backups.undo', { actionId });
          set({ backupDiff: null, backupsProblem: null, notice: { kind: 'info', text: `Undone: ${label}. Put back ${files.join(', ')}; the files as they were are backups too.` } });
          await afterHistoryChange();
        }),
      scrubBackups: () =>
        attempt('backupsProblem', async () => {
          const file = get().backupsFile;
          const { removed } = await api.call('backups.scrub', file ? { file } : {});
          set({ backupDiff: null, backupsProblem: null, notice: { kind: 'info', text: removed.length ? `Deleted ${removed.length} backup(s) that held a key in clear.` : 'No backup holds a key in clear.' } });
          await afterHistoryChange();
        }),

      loadProjects: () => guard(async () => set({ projects: (await api.call('projects.list', {})).projects })),
      addProject: async (path) => {
        try {
          set({ projects: (await api.call('projects.add', { path })).projects, projectsProblem: null });
        } catch (error) {
          set({ projectsProblem: message(error) });
          return false;
        }
        await get().reload();
        return true;
      },
      removeProject: (path) =>
        guard(async () => {
          set({ projects: (await api.call('projects.remove', { path })).projects, projectsProblem: null });
          await get().reload();
        }),
      loadSurfaces: async () => {
        try {
          set({ surfacePrefs: (await api.call('surfaces.list', {})).surfaces, surfacesProblem: null });
        } catch (error) {
          set({ surfacesProblem: message(error) });
        }
      },
      setSurface: async (origin, change) => {
        try {
          set({ surfacePrefs: (await api.call('surfaces.set', { origin, ...change })).surfaces, surfacesProblem: null });
        } catch (error) {
          set({ surfacesProblem: message(error) });
          return false;
        }
        // The lights follow in the service's next snapshot; the routes as they are now meanwhile.
        await get().reload();
        return true;
      },
      exportProfile: () => guard(async () => set({ exported: JSON.stringify((await api.call('profile.export', {})).profile, null, 2) })),
      previewImport: async (text, overrides) => {
        const profile = parseProfile(text);
        if (!profile) return set({ profileProblem: 'That is not JSON: paste the file routelights exported.', importPlan: null, importPlanFor: null });
        try {
          set({ importPlan: (await api.call('profile.preview', { profile, overrides })).plan, importPlanFor: { text, overrides: overrides.join('\n') }, profileProblem: null });
        } catch (error) {
          set({ profileProblem: message(error), importPlan: null, importPlanFor: null });
        }
      },
      applyImport: async (text, overrides) => {
        const profile = parseProfile(text);
        const planned = get().importPlanFor;
        // Only what was previewed is written: a text changed since needs a new preview.
        if (!profile || !planned || planned.text !== text || planned.overrides !== overrides.join('\n')) return set({ profileProblem: 'The profile changed since its preview: preview it again, then import.' });
        let applied: number;
        try {
          applied = (await api.call('profile.import', { profile, overrides })).applied;
        } catch (error) {
          return set({ profileProblem: message(error) });
        }
        set({ importPlan: null, importPlanFor: null, notice: { kind: 'info', text: `Imported: ${applied} change(s) saved, one backup each.` } });
        await get().reload();
      },
      onEvent: (event) => {
        if (event.type === 'snapshot') set({ snapshot: event.snapshot });
        if (event.type === 'open-route') get().openRoute(event.source, event.id);
        if (event.type === 'sentinel') {
          const state = get();
          if (state.runKeys.includes(event.routeKey)) {
            set(({ progress }) => ({ count: event.progress, progress: { ...progress, [event.routeKey]: { phase: event.phase, result: event.result ?? progress[event.routeKey]?.result ?? null, ...(event.waiting ? { waiting: event.waiting } : {}) } } }));
          } else if (state.editor?.test.running && event.phase === 'verdict' && event.result && state.editor.test.draft?.id === event.routeId) {
            // The draft's verdict, shown at once: Droid may take seconds more to exit.
            const editor = state.editor;
            if (sameDraft(editor.draft, editor.test.draft!)) set({ editor: { ...editor, test: { ...editor.test, result: event.result } } });
          } else if (!state.running && !state.editor?.test.running) {
            // A run started elsewhere (the tray, the terminal): its rows show progress too.
            set(({ progress }) => ({ progress: { ...progress, [event.routeKey]: { phase: event.phase, result: event.result ?? progress[event.routeKey]?.result ?? null, ...(event.waiting ? { waiting: event.waiting } : {}) } } }));
          }
        }
        // The history follows every write, ours or not; a diff shown is redone against the file as it is now.
        if (event.type === 'settings-changed' && get().view === 'backups') {
          void get()
            .loadBackups()
            .then(() => {
              const shown = get().backupDiff;
              if (shown) return get().showBackupDiff(shown.name);
            });
        }
        if (event.type === 'settings-changed' && !event.byRouteLights) {
          if (get().editor) set({ outsideChange: true });
          else void get().reload();
        }
      },
    };
  });
}
