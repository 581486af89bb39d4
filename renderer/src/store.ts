// The window's state: one zustand store, a slice per view (status, routes, editor, sentinels, keys,
// backups). Every action talks to the injected RouteLightsApi and nothing else.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiEvent, Response, RouteLightsApi, RouteView, SentinelResultView } from '../../app/api/contract.ts';
import type { Snapshot } from '../../app/model/snapshot.ts';
import { changeFor, draftFromRoute, emptyDraft, entryFromDraft, type Draft } from './draft.ts';

export type Finding = Response<'lint'>['findings'][number];
export type KeyInfo = Response<'keys.list'>['keys'][number];
export type Backup = Response<'backups.list'>['backups'][number];
export type View = 'routes' | 'layers' | 'keys' | 'backups' | 'profiles';
export type ImportPlanView = Extract<Response<'profile.preview'>, { plan: unknown }>['plan'];
export type SortKey = 'light' | 'id' | 'displayName' | 'model' | 'surface';

export interface Notice {
  kind: 'error' | 'info';
  text: string;
}

export interface EditorState {
  mode: 'add' | 'edit' | 'duplicate';
  originalId: string | null;
  original: RouteView | null;
  draft: Draft;
  lint: Finding[];
  test: { running: boolean; result: SentinelResultView | null; error: string | null };
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
  // routes
  routes: RouteView[];
  revision: string | null;
  findings: Finding[];
  filter: string;
  sort: { key: SortKey; dir: 'asc' | 'desc' };
  selected: string[];
  // sentinels
  progress: Record<string, { phase: 'started' | 'verdict' | 'exited'; result: SentinelResultView | null }>;
  running: boolean;
  // editor
  editor: EditorState | null;
  conflict: Conflict | null;
  // keys and backups
  keys: KeyInfo[];
  keysProblem: string | null;
  moveReport: Exclude<Response<'keys.move'>, { failure: unknown }> | null;
  backups: Backup[];
  // profiles
  exported: string | null;
  importPlan: ImportPlanView | null;
  profileProblem: string | null;

  setView(view: View): void;
  setFilter(text: string): void;
  setSort(key: SortKey): void;
  toggleSelected(id: string): void;
  loadAll(): Promise<void>;
  loadRoutes(): Promise<void>;
  refresh(): Promise<void>;
  runSentinels(routeIds?: string[]): Promise<void>;
  cancelSentinels(): Promise<void>;
  openEditor(mode: EditorState['mode'], route?: RouteView): void;
  closeEditor(): void;
  editDraft(patch: Partial<Draft>): void;
  testDraft(): Promise<void>;
  review(): void;
  save(): Promise<boolean>;
  removeRoute(id: string): Promise<void>;
  moveRoute(id: string, to: number): Promise<void>;
  reloadAfterConflict(): Promise<void>;
  loadKeys(): Promise<void>;
  setKey(name: string, value: string): Promise<boolean>;
  deleteKey(name: string): Promise<void>;
  moveKeys(): Promise<void>;
  loadBackups(): Promise<void>;
  restoreBackup(name: string): Promise<void>;
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
      routes: [],
      revision: null,
      findings: [],
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
      exported: null,
      importPlan: null,
      profileProblem: null,

      setView: (view) => {
        set({ view });
        if (view === 'keys') void get().loadKeys();
        if (view === 'backups') void get().loadBackups();
      },
      setFilter: (filter) => set({ filter }),
      setSort: (key) => set(({ sort }) => ({ sort: { key, dir: sort.key === key && sort.dir === 'asc' ? 'desc' : 'asc' } })),
      toggleSelected: (id) => set(({ selected }) => ({ selected: selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id] })),

      loadAll: () =>
        guard(async () => {
          const snapshot = (await api.call('snapshot', {})) ?? (await api.call('refresh', {}));
          set({ snapshot });
          await get().loadRoutes();
        }),
      loadRoutes: () =>
        guard(async () => {
          const { routes, revision, findings } = await api.call('routes', {});
          set({ routes, revision, findings, outsideChange: false });
        }),
      refresh: () => guard(async () => set({ snapshot: await api.call('refresh', {}) })),

      runSentinels: (routeIds) =>
        guard(async () => {
          set({ running: true, progress: Object.fromEntries((routeIds ?? get().routes.map((r) => r.id)).map((id) => [id, { phase: 'started' as const, result: null }])) });
          try {
            await api.call('runSentinels', routeIds ? { routeIds } : {});
            set({ snapshot: await api.call('refresh', {}) });
          } finally {
            set({ running: false });
          }
        }),
      cancelSentinels: () => guard(async () => void (await api.call('cancelSentinels', {}))),

      openEditor: (mode, route) => {
        const draft = route ? draftFromRoute(route, mode === 'duplicate') : emptyDraft();
        set({ editor: { mode, originalId: mode === 'edit' ? (route?.id ?? null) : null, original: route ?? null, draft, lint: [], test: { running: false, result: null, error: null }, reviewing: false }, conflict: null });
        lintDraft();
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
          const { results } = await api.call('runSentinels', { draft: entryFromDraft(editor.draft, editor.original) });
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
        const { editor, revision } = get();
        if (!editor || !revision) return false;
        try {
          const answer = await api.call('saveRoutes', { revision, changes: [changeFor(editor)] });
          if (answer.status === 'saved') {
            set({ editor: null, conflict: null, notice: { kind: 'info', text: `Saved. Backup: ${answer.backups.join(', ') || 'none needed'}.` } });
            await get().loadRoutes();
            return true;
          }
          if (answer.status === 'conflict') set({ conflict: { reason: answer.reason, remedy: answer.remedy } });
          else set({ notice: { kind: 'error', text: `${answer.failure.reason} ${answer.failure.remedy}` } });
        } catch (error) {
          set({ notice: { kind: 'error', text: message(error) } });
        }
        return false;
      },
      removeRoute: (id) =>
        guard(async () => {
          const answer = await api.call('saveRoutes', { revision: get().revision ?? '', changes: [{ kind: 'remove', id }] });
          if (answer.status === 'conflict') set({ conflict: { reason: answer.reason, remedy: answer.remedy } });
          await get().loadRoutes();
        }),
      moveRoute: (id, to) =>
        guard(async () => {
          const answer = await api.call('saveRoutes', { revision: get().revision ?? '', changes: [{ kind: 'move', id, to }] });
          if (answer.status === 'conflict') set({ conflict: { reason: answer.reason, remedy: answer.remedy } });
          await get().loadRoutes();
        }),
      reloadAfterConflict: async () => {
        await get().loadRoutes();
        set({ conflict: null });
      },

      loadKeys: () =>
        guard(async () => {
          const { keys, failure } = await api.call('keys.list', {});
          set({ keys, keysProblem: failure ? `${failure.reason} ${failure.remedy}` : null });
        }),
      setKey: async (name, value) => {
        const answer = await api.call('keys.set', { name, value }).catch((error: unknown) => ({ failure: { reason: message(error), remedy: '' } }));
        if ('failure' in answer) {
          set({ keysProblem: `${answer.failure.reason} ${answer.failure.remedy}`.trim() });
          return false;
        }
        set({ keysProblem: null, notice: { kind: 'info', text: `Stored ${name} in the Keychain.` } });
        await get().loadKeys();
        return true;
      },
      deleteKey: (name) =>
        guard(async () => {
          const answer = await api.call('keys.delete', { name });
          if ('failure' in answer) set({ keysProblem: `${answer.failure.reason} ${answer.failure.remedy}` });
          await get().loadKeys();
        }),
      moveKeys: () =>
        guard(async () => {
          const answer = await api.call('keys.move', {});
          if ('failure' in answer) return set({ keysProblem: `${answer.failure.reason} ${answer.failure.remedy}` });
          set({ moveReport: answer, keysProblem: null });
          await Promise.all([get().loadKeys(), get().loadRoutes()]);
        }),
      loadBackups: () => guard(async () => set({ backups: (await api.call('backups.list', {})).backups })),
      restoreBackup: (name) =>
        guard(async () => {
          const answer = await api.call('backups.restore', { name });
          if ('failure' in answer) return set({ notice: { kind: 'error', text: `${answer.failure.reason} ${answer.failure.remedy}` } });
          set({ notice: { kind: 'info', text: `Restored ${name}.` } });
          await Promise.all([get().loadRoutes(), get().loadBackups()]);
        }),

      exportProfile: () => guard(async () => set({ exported: JSON.stringify((await api.call('profile.export', {})).profile, null, 2) })),
      previewImport: async (text, overrides) => {
        const profile = parseProfile(text);
        if (!profile) return set({ profileProblem: 'That is not JSON: paste the file routelights exported.', importPlan: null });
        const answer = await api.call('profile.preview', { profile, overrides }).catch((error: unknown) => ({ failure: { reason: message(error), remedy: '' } }));
        set('failure' in answer ? { profileProblem: `${answer.failure.reason} ${answer.failure.remedy}`.trim(), importPlan: null } : { importPlan: answer.plan, profileProblem: null });
      },
      applyImport: async (text, overrides) => {
        const profile = parseProfile(text);
        if (!profile) return;
        const answer = await api.call('profile.import', { profile, overrides }).catch((error: unknown) => ({ failure: { reason: message(error), remedy: '' } }));
        if ('failure' in answer) return set({ profileProblem: `${answer.failure.reason} ${answer.failure.remedy}`.trim() });
        set({ importPlan: null, notice: { kind: 'info', text: `Imported: ${answer.applied} change(s) saved, one backup each.` } });
        await get().loadRoutes();
      },
      onEvent: (event) => {
        if (event.type === 'snapshot') set({ snapshot: event.snapshot });
        if (event.type === 'sentinel') set(({ progress }) => ({ progress: { ...progress, [event.routeId]: { phase: event.phase, result: event.result } } }));
        if (event.type === 'settings-changed' && !event.byRouteLights) {
          if (get().editor) set({ outsideChange: true });
          else void get().loadRoutes();
        }
      },
    };
  });
}
