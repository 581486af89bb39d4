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
export type View = 'routes' | 'layers' | 'projects' | 'keys' | 'backups' | 'profiles';
export type Project = Response<'projects.list'>['projects'][number];
/** What the user set for a surface: its declared kind (or one ROUTELIGHTS_SURFACE_KINDS sets) and its usage threshold. */
export type SurfacePreference = Response<'surfaces.list'>['surfaces'][number];
export type SurfaceChange = Omit<Request<'surfaces.set'>, 'origin'>;
export type ImportPlanView = Extract<Response<'profile.preview'>, { plan: unknown }>['plan'];
export type SortKey = 'light' | 'id' | 'displayName' | 'model' | 'surface';

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
  test: { running: boolean; result: SentinelResult | null; error: string | null };
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
  // sentinels, by route key
  progress: Record<string, { phase: 'started' | 'waiting' | 'verdict' | 'exited'; result: SentinelResult | null; waiting?: { attempt: number; why: string } }>;
  running: boolean;
  // editor
  editor: EditorState | null;
  conflict: Conflict | null;
  // keys and backups
  keys: KeyInfo[];
  keysProblem: string | null;
  moveReport: Exclude<Response<'keys.move'>, { failure: unknown }> | null;
  backups: Backup[];
  // project folders
  projects: Project[];
  projectsProblem: string | null;
  // surface kinds and usage thresholds (null until read)
  surfacePrefs: SurfacePreference[] | null;
  surfacesProblem: string | null;
  // profiles
  exported: string | null;
  importPlan: ImportPlanView | null;
  profileProblem: string | null;
  /** A route the menu bar asked to open before the routes were loaded. */
  pendingOpen: { source: string | null; id: string | null } | null;

  setView(view: View): void;
  setFilter(text: string): void;
  setSort(key: SortKey): void;
  toggleSelected(id: string): void;
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
  moveKeys(): Promise<void>;
  loadBackups(): Promise<void>;
  restoreBackup(name: string): Promise<void>;
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
    const guard = async (work: () => Promise<void>) => {
      try {
        await work();
      } catch (error) {
        set({ notice: { kind: 'error', text: message(error) } });
      }
    };
    const lintDraft = () => {
      clearTimeout(lintTimer);
      lintTimer = setTimeout(() => {
        const editor = get().editor;
        if (!editor) return;
        void api.call('lint', { entries: [entryFromDraft(editor.draft, editor.original)] }).then(({ findings }) => {
          const current = get().editor;
          if (current) set({ editor: { ...current, lint: findings } });
        });
      }, 150);
    };

    return {
      view: 'routes',
      snapshot: null,
      notice: null,
      outsideChange: false,
      filter: '',
      sort: { key: 'id', dir: 'asc' },
      selected: [],
      progress: {},
      running: false,
      editor: null,
      conflict: null,
      keys: [],
      keysProblem: null,
      moveReport: null,
      backups: [],
      projects: [],
      projectsProblem: null,
      surfacePrefs: null,
      surfacesProblem: null,
      exported: null,
      importPlan: null,
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
      refresh: () => guard(async () => set({ snapshot: await api.call('refresh', {}) })),

      runSentinels: (routeKeys) =>
        guard(async () => {
          const keys = routeKeys ?? (get().snapshot?.routes ?? []).filter((r) => r.used).map((r) => r.key);
          set({ running: true, progress: Object.fromEntries(keys.map((key) => [key, { phase: 'started' as const, result: null }])) });
          try {
            const { note } = await api.call('runSentinels', { requestedBy: 'window', ...(routeKeys ? { routeKeys } : {}) });
            set({ snapshot: await api.call('refresh', {}), ...(note ? { notice: { kind: 'info' as const, text: note } } : {}) });
          } finally {
            set({ running: false });
          }
        }),
      cancelSentinels: () => guard(async () => void (await api.call('cancelSentinels', {}))),

      openEditor: (mode, route) => {
        const draft = route ? draftFromRoute(route, mode === 'duplicate') : emptyDraft();
        set({ editor: { mode, originalId: mode === 'edit' ? (route?.id ?? null) : null, original: route ?? null, draft, lint: [], test: { running: false, result: null, error: null }, reviewing: false, revision: get().snapshot?.revision ?? null }, conflict: null });
        lintDraft();
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
        set({ editor: { ...editor, draft: { ...editor.draft, ...patch }, reviewing: false } });
        lintDraft();
      },
      testDraft: async () => {
        const editor = get().editor;
        if (!editor) return;
        set({ editor: { ...editor, test: { running: true, result: null, error: null } } });
        try {
          const { results } = await api.call('runSentinels', { requestedBy: 'window', drafts: [entryFromDraft(editor.draft, editor.original)] });
          const current = get().editor;
          if (current) set({ editor: { ...current, test: { running: false, result: results[0] ?? null, error: null } } });
        } catch (error) {
          const current = get().editor;
          if (current) set({ editor: { ...current, test: { running: false, result: null, error: message(error) } } });
        }
      },
      review: () => {
        const editor = get().editor;
        if (editor) set({ editor: { ...editor, reviewing: true } });
      },
      save: async () => {
        const { editor } = get();
        if (!editor?.revision) return false;
        try {
          const answer = await api.call('saveRoutes', { revision: editor.revision, changes: [changeFor(editor)] });
          if (answer.status === 'saved') {
            const notes = saveNotes(answer, 'Change them in the file.');
            set({ editor: null, conflict: null, notice: { kind: 'info', text: [`Saved. Backup: ${answer.backups.join(', ') || 'none needed'}.`, ...notes].join(' ') } });
            await get().reload();
            return true;
          }
          set({ conflict: { reason: answer.reason, remedy: answer.remedy } });
        } catch (error) {
          set({ notice: { kind: 'error', text: message(error) } });
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
        set({ conflict: null });
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
      moveKeys: () =>
        guard(async () => {
          try {
            set({ moveReport: await api.call('keys.move', {}), keysProblem: null });
          } catch (error) {
            return set({ keysProblem: message(error) });
          }
          await Promise.all([get().loadKeys(), get().reload()]);
        }),
      loadBackups: () => guard(async () => set({ backups: (await api.call('backups.list', {})).backups })),
      restoreBackup: (name) =>
        guard(async () => {
          await api.call('backups.restore', { name });
          set({ notice: { kind: 'info', text: `Restored ${name}.` } });
          await Promise.all([get().reload(), get().loadBackups()]);
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
        if (!profile) return set({ profileProblem: 'That is not JSON: paste the file routelights exported.', importPlan: null });
        try {
          set({ importPlan: (await api.call('profile.preview', { profile, overrides })).plan, profileProblem: null });
        } catch (error) {
          set({ profileProblem: message(error), importPlan: null });
        }
      },
      applyImport: async (text, overrides) => {
        const profile = parseProfile(text);
        if (!profile) return;
        let applied: number;
        try {
          applied = (await api.call('profile.import', { profile, overrides })).applied;
        } catch (error) {
          return set({ profileProblem: message(error) });
        }
        set({ importPlan: null, notice: { kind: 'info', text: `Imported: ${applied} change(s) saved, one backup each.` } });
        await get().reload();
      },
      onEvent: (event) => {
        if (event.type === 'snapshot') set({ snapshot: event.snapshot });
        if (event.type === 'open-route') get().openRoute(event.source, event.id);
        if (event.type === 'sentinel') set(({ progress }) => ({ progress: { ...progress, [event.routeKey]: { phase: event.phase, result: event.result, ...(event.waiting ? { waiting: event.waiting } : {}) } } }));
        if (event.type === 'settings-changed' && !event.byRouteLights) {
          if (get().editor) set({ outsideChange: true });
          else void get().reload();
        }
      },
    };
  });
}
