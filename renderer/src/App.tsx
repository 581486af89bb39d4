// The settings window: routes (with the editor), account and surfaces, keys, backups.
import type { StoreApi } from 'zustand/vanilla';
import { BackupsView } from './components/BackupsView.tsx';
import { Editor } from './components/Editor.tsx';
import { KeysView } from './components/KeysView.tsx';
import { LayersView } from './components/LayersView.tsx';
import { ProfilesView } from './components/ProfilesView.tsx';
import { ProjectsView } from './components/ProjectsView.tsx';
import { Light } from './components/Light.tsx';
import { RoutesView } from './components/RoutesView.tsx';
import { StoreContext, useApp } from './hooks.ts';
import type { AppState, View } from './store.ts';

const VIEWS: Array<[View, string]> = [
  ['routes', 'Routes'],
  ['layers', 'Account & surfaces'],
  ['projects', 'Projects'],
  ['keys', 'Keys'],
  ['backups', 'Backups'],
  ['profiles', 'Import / export'],
];

function Shell() {
  const view = useApp((s) => s.view);
  const setView = useApp((s) => s.setView);
  const snapshot = useApp((s) => s.snapshot);
  const notice = useApp((s) => s.notice);
  const editor = useApp((s) => s.editor);
  return (
    <div className="app">
      <header className="top">
        <h1>
          RouteLights {snapshot ? <Light color={snapshot.overall} label={`overall ${snapshot.overall}`} /> : null}
        </h1>
        <span className="muted">{snapshot ? `${snapshot.machine} · checked ${new Date(snapshot.checkedAt).toLocaleTimeString()}` : 'checking…'}</span>
        <nav aria-label="Views" className="tabs" role="tablist">
          {VIEWS.map(([id, label]) => (
            <button key={id} role="tab" aria-selected={view === id} className={view === id ? 'tab active' : 'tab'} onClick={() => setView(id)}>
              {label}
            </button>
          ))}
        </nav>
      </header>
      {notice ? (
        <p role={notice.kind === 'error' ? 'alert' : 'status'} className={`notice ${notice.kind}`}>
          {notice.text}
        </p>
      ) : null}
      <main>
        {view === 'routes' && (editor ? <Editor /> : <RoutesView />)}
        {view === 'layers' && <LayersView />}
        {view === 'projects' && <ProjectsView />}
        {view === 'keys' && <KeysView />}
        {view === 'backups' && <BackupsView />}
        {view === 'profiles' && <ProfilesView />}
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
