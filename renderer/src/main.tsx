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
  // A window's subscription: it also receives the menu bar's "Open in Settings…", held until the page listens.
  api.subscribe((event) => store.getState().onEvent(event), { window: true });
  void store.getState().loadAll();
  root.render(<App store={store} />);
}
