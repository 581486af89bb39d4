// The settings window: routes (with the editor), account and surfaces, keys, backups.
import { useContext, useEffect, useRef, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import { ago } from '../../app/model/ago.ts';
import { saveBlock } from './draft.ts';
import { BackupsView } from './components/BackupsView.tsx';
import { Editor } from './components/Editor.tsx';
import { KeysView } from './components/KeysView.tsx';
import { LayersView } from './components/LayersView.tsx';
import { ProfilesView } from './components/ProfilesView.tsx';
import { ProjectsView } from './components/ProjectsView.tsx';
import { Light } from './components/Light.tsx';
import { RoutesView } from './components/RoutesView.tsx';
import { isMod, StoreContext, useApp, useNow } from './hooks.ts';
import type { AppState, View } from './store.ts';

const VIEWS: Array<[View, string]> = [
  ['routes', 'Routes'],
  ['layers', 'Account & surfaces'],
  ['projects', 'Projects'],
  ['keys', 'Keys'],
  ['backups', 'Backups'],
  ['profiles', 'Import / export'],
];

/** The header's "checked 12 s ago", ticking; the clock time in its tooltip. */
function CheckedAge({ at }: { at: string }) {
  const now = useNow(5000);
  return <span title={`Checked at ${new Date(at).toLocaleString()}`}>checked {ago(at, now)}</span>;
}

function Shell() {
  const view = useApp((s) => s.view);
  const setView = useApp((s) => s.setView);
  const snapshot = useApp((s) => s.snapshot);
  const notice = useApp((s) => s.notice);
  const editor = useApp((s) => s.editor);
  const store = useContext(StoreContext)!;
  const tabs = useRef<HTMLDivElement>(null);

  // Shortcuts, with Ctrl as well as ⌘: F filter, N new route, R refresh, S save; Esc cancels the editor.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = store.getState();
      if (isMod(e) && !e.altKey && !e.shiftKey) {
        const key = e.key.toLowerCase();
        if (key === 'f') {
          if (s.view !== 'routes' || s.editor) return;
          e.preventDefault();
          document.getElementById('route-filter')?.focus();
        } else if (key === 'n') {
          e.preventDefault();
          if (s.editor) return;
          s.setView('routes');
          s.openEditor('add');
        } else if (key === 'r') {
          e.preventDefault();
          void s.refresh();
        } else if (key === 's') {
          e.preventDefault();
          if (s.editor && !saveBlock(s.editor)) void s.save();
        }
      } else if (e.key === 'Escape' && s.editor && s.view === 'routes' && !e.defaultPrevented) {
        e.preventDefault();
        s.closeEditor();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);

  // The WAI-ARIA tabs pattern: Left/Right/Home/End move between tabs and select them (roving tabindex).
  const tabKeys = (e: ReactKeyboardEvent) => {
    const at = VIEWS.findIndex(([id]) => id === view);
    const to = e.key === 'ArrowRight' ? at + 1 : e.key === 'ArrowLeft' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? VIEWS.length - 1 : null;
    if (to === null) return;
    e.preventDefault();
    const next = VIEWS[(to + VIEWS.length) % VIEWS.length]![0];
    setView(next);
    requestAnimationFrame(() => document.getElementById(`tab-${next}`)?.focus());
  };

  return (
    <div className="app">
      <header className="top">
        <h1>
          RouteLights {snapshot ? <Light color={snapshot.overall} label={`overall ${snapshot.overall}`} /> : null}
        </h1>
        <span className="muted">{snapshot ? <>{snapshot.machine} · <CheckedAge at={snapshot.checkedAt} /></> : 'checking…'}</span>
        <div aria-label="Views" className="tabs" role="tablist" ref={tabs} onKeyDown={tabKeys}>
          {VIEWS.map(([id, label]) => (
            <button key={id} id={`tab-${id}`} role="tab" aria-selected={view === id} aria-controls={`panel-${id}`} tabIndex={view === id ? 0 : -1} className={view === id ? 'tab active' : 'tab'} onClick={() => setView(id)}>
              {label}
            </button>
          ))}
        </div>
      </header>
      {/* One main landmark, holding the notice and the selected tab's panel (a tabpanel may not be <main> itself). */}
      <main>
        {notice ? (
          <p role={notice.kind === 'error' ? 'alert' : 'status'} className={`notice ${notice.kind}`}>
            {notice.text}
            <button className="link dismiss" aria-label="Dismiss" title="Dismiss" onClick={() => store.getState().say(null)}>
              ×
            </button>
          </p>
        ) : null}
        <div id={`panel-${view}`} className="panel" role="tabpanel" aria-labelledby={`tab-${view}`} tabIndex={-1}>
          {view === 'routes' && (editor ? <Editor /> : <RoutesView />)}
          {view === 'layers' && <LayersView />}
          {view === 'projects' && <ProjectsView />}
          {view === 'keys' && <KeysView />}
          {view === 'backups' && <BackupsView />}
          {view === 'profiles' && <ProfilesView />}
        </div>
      </main>
    </div>
  );
}

export function App({ store }: { store: StoreApi<AppState> }) {
  return (
    <StoreContext.Provider value={store}>
      <Shell />
    </StoreContext.Provider>
  );
}
