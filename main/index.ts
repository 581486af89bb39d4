// The Electron main process: the composition root. It creates Electron's objects and hands them to app/
// (the service, its socket for the terminal, the tray controller); the behaviour lives there.
import { app, clipboard, dialog, net, Notification, powerMonitor, session } from 'electron';
import { join } from 'node:path';
import { startSocketBridge } from '../app/bridge/socket-server.ts';
import { socketPathFor } from '../app/bridge/socket-path.ts';
import { dataDir } from '../app/data-dir.ts';
import { failureOf } from '../app/model/failure.ts';
import { redactor } from '../app/secrets/redact.ts';
import { RouteLightsService } from '../app/service.ts';
import { resolveSettingsPath } from '../app/settings/paths.ts';
import { TrayController } from '../app/tray/controller.ts';
import { wireIpc } from './ipc.ts';
import { lockDown } from './lockdown.ts';
import { SettingsWindow } from './settings-window.ts';
import { TrayIcon } from './tray-icon.ts';

/** How often the network state is looked at: Electron has no event for it on macOS. */
const NETWORK_CHECK_MS = 10_000;

async function start(): Promise<void> {
  const env = process.env;
  lockDown(app, session.defaultSession);
  const settingsPath = resolveSettingsPath(undefined, env);
  const data = dataDir(env);
  const service = new RouteLightsService({ settingsPath, env, kind: 'app' });
  const socketPath = socketPathFor(data, settingsPath);
  const socket = await startSocketBridge(service, socketPath).catch((error: unknown) => failureOf(error) ?? { layer: 'bridge' as const, code: 'socket', reason: `RouteLights could not open its socket at ${socketPath} (${(error as Error).message}).`, remedy: 'Until RouteLights restarts, routelights commands run on their own; quit and reopen it.' });
  await service.start({ poll: true });

  // A packaged app loads only its own page: a URL from the environment is for development.
  const page = !app.isPackaged && env.ELECTRON_RENDERER_URL ? { url: env.ELECTRON_RENDERER_URL } : { file: join(import.meta.dirname, '../renderer/index.html') };
  const settings = new SettingsWindow(join(import.meta.dirname, '../preload/index.cjs'), page);
  const stopIpc = wireIpc(service, () => settings.current());
  const assets = app.isPackaged ? join(process.resourcesPath, 'assets') : join(app.getAppPath(), 'assets');
  const icon = new TrayIcon(assets, (action) => void controller.dispatch(action));
  const controller = new TrayController(
    service,
    {
      paint: (view) => icon.paint(view),
      copy: (text) => clipboard.writeText(text),
      notify: ({ title, body }) => {
        if (Notification.isSupported()) new Notification({ title, body }).show();
      },
      launchAtLogin: () => app.getLoginItemSettings().openAtLogin,
      setLaunchAtLogin: (on) => app.setLoginItemSettings({ openAtLogin: on }),
      showSettings: () => settings.show(),
      quit: () => {
        clearInterval(networkCheck);
        stopIpc();
        service.stop();
        if ('close' in socket) void socket.close();
        settings.close();
        icon.destroy();
        app.quit();
      },
    },
    { dataDir: data },
  );
  await controller.start();
  if (!('close' in socket)) controller.report('Opening the socket for routelights commands', socket);

  powerMonitor.on('suspend', () => void controller.suspend());
  powerMonitor.on('resume', () => void controller.resume());
  const networkCheck = setInterval(() => void controller.network(net.isOnline()), NETWORK_CHECK_MS);
  networkCheck.unref();
  app.on('second-instance', () => settings.show());
  app.on('before-quit', () => settings.close());
}

if (!app.requestSingleInstanceLock()) {
  app.exit(0);
} else {
  app.dock?.hide();
  // A menu bar app keeps running with no window open.
  app.on('window-all-closed', () => undefined);
  void app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      const failure = failureOf(error);
      dialog.showErrorBox('RouteLights could not start', failure ? `${failure.reason}\n\n${failure.remedy}` : redactor.redact(String((error as Error)?.message ?? error)));
      app.exit(1);
    });
}
