// The Electron main process: the composition root. It starts the service (app/), and wires it to the
// tray, the settings window, IPC, notifications, the login item, and sleep/wake. No logic of its own.
import { app, clipboard, Notification, net, powerMonitor } from 'electron';
import { join } from 'node:path';
import { startSocketBridge } from '../app/bridge/socket-server.ts';
import { socketPathFor } from '../app/bridge/socket-path.ts';
import { dataDir } from '../app/data-dir.ts';
import { RouteLightsService } from '../app/service.ts';
import { resolveSettingsPath } from '../app/settings/paths.ts';
import { notificationFor } from '../app/tray/notifications.ts';
import type { TrayAction, TrayState } from '../app/tray/menu.ts';
import type { Snapshot } from '../app/model/snapshot.ts';
import { wireIpc } from './ipc.ts';
import { SettingsWindow } from './settings-window.ts';
import { TrayService } from './tray-service.ts';

if (!app.requestSingleInstanceLock()) app.exit(0);

const muted = new Set<string>();
let snapshot: Snapshot | null = null;
let sweep: TrayState['sweep'] = null;

app.dock?.hide();
// A menu bar app keeps running with no window open.
app.on('window-all-closed', () => undefined);

void app.whenReady().then(async () => {
  const settingsPath = resolveSettingsPath(undefined, process.env);
  const service = new RouteLightsService({ settingsPath, env: process.env, kind: 'app' });
  const socket = await startSocketBridge(service, socketPathFor(dataDir(process.env), settingsPath));
  await service.start({ poll: true });
  const assets = app.isPackaged ? join(process.resourcesPath, 'assets') : join(app.getAppPath(), 'assets');
  const settings = new SettingsWindow(join(import.meta.dirname, '../preload/index.cjs'), { ...(process.env.ELECTRON_RENDERER_URL ? { url: process.env.ELECTRON_RENDERER_URL } : {}), file: join(import.meta.dirname, '../renderer/index.html') });
  wireIpc(service, () => settings.current());

  const state = (): TrayState => ({ now: new Date(), sweep, launchAtLogin: app.getLoginItemSettings().openAtLogin, mutedRoutes: [...muted] });
  const render = () => tray.render(snapshot, state());
  const dispatch = (action: TrayAction): void => {
    switch (action.kind) {
      case 'run-all':
      case 'run-route':
        sweep = { done: 0, total: action.kind === 'run-all' ? (snapshot?.routes.filter((r) => r.used).length ?? 0) : 1 };
        render();
        void service.call('runSentinels', action.kind === 'run-route' ? { routeKeys: [action.routeKey], requestedBy: 'tray' } : { requestedBy: 'tray' }).finally(() => {
          sweep = null;
          render();
        });
        return;
      case 'copy-id':
        clipboard.writeText(action.routeId);
        return;
      case 'open-settings':
        settings.show(action.routeId);
        return;
      case 'refresh':
        void service.call('refresh', {});
        return;
      case 'copy-report':
        void service.call('report', {}).then(({ markdown }) => clipboard.writeText(markdown));
        return;
      case 'toggle-login':
        app.setLoginItemSettings({ openAtLogin: !app.getLoginItemSettings().openAtLogin });
        render();
        return;
      case 'toggle-notifications':
        if (muted.has(action.routeId)) muted.delete(action.routeId);
        else muted.add(action.routeId);
        render();
        return;
      case 'quit':
        settings.allowClose();
        service.stop();
        void socket.close();
        app.quit();
    }
  };
  const tray = new TrayService(assets, dispatch);

  service.subscribe((event) => {
    if (event.type === 'snapshot') {
      snapshot = event.snapshot;
      render();
    }
    if (event.type === 'sentinel' && event.phase === 'verdict' && sweep) sweep = { ...sweep, done: sweep.done + 1 };
    if (event.type === 'light') {
      const note = notificationFor(event, [...muted]);
      if (note && Notification.isSupported()) new Notification({ title: note.title, body: note.body }).show();
    }
  });
  render();

  // Sleep and wake, and network changes: pause while asleep, check everything again on return.
  powerMonitor.on('suspend', () => void service.pause());
  powerMonitor.on('resume', () => void service.resume());
  let online = net.isOnline();
  setInterval(() => {
    const now = net.isOnline();
    if (now && !online) void service.resume();
    online = now;
  }, 10_000).unref();
  app.on('second-instance', () => settings.show());
  app.on('before-quit', () => settings.allowClose());
});
