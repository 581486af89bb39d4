// The window's entry: connect to the API (IPC in Electron, the HTTP bridge in a browser), build the
// store, subscribe to events, render.
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { connectApi } from './connect.ts';
import { createAppStore } from './store.ts';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
const api = connectApi(window);
if (!api) {
  root.render(<p className="fatal">No API: open the URL that <code>routelights serve</code> printed (it carries the token), or open RouteLights from its menu bar icon.</p>);
} else {
  const store = createAppStore(api);
  api.subscribe((event) => store.getState().onEvent(event));
  void store.getState().loadAll();
  // The tray's "Open in Settings…" for one route (sent by main/ into the page).
  window.addEventListener('routelights:open-route', (event) => {
    const id = (event as CustomEvent<string>).detail;
    const state = store.getState();
    const route = state.snapshot?.routes.find((r) => r.id === id && r.used);
    state.setView('routes');
    if (route) state.openEditor('edit', route);
  });
  root.render(<App store={store} />);
}
