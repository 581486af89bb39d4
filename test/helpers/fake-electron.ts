// A typed fake of the `electron` module, for running main/ in Node (Electron's binary cannot be fetched
// here), the way Gitify tests its main process with vi.mock('electron'). Each part implements the
// members main/ uses, picked from electron.d.ts, so a change in Electron's types fails the compile; a
// test checks that every name main/ imports from 'electron' is here. The fake records what main/ does.
import { EventEmitter } from 'node:events';

type Listener = (...args: unknown[]) => unknown;

export class FakeFrame implements Pick<Electron.WebFrameMain, 'processId' | 'routingId'> {
  processId: number;
  routingId: number;
  constructor(processId: number, routingId: number) {
    this.processId = processId;
    this.routingId = routingId;
  }
}

let nextId = 1;

export class FakeWebContents extends EventEmitter implements Pick<Electron.WebContents, 'send' | 'isDestroyed' | 'setWindowOpenHandler' | 'id'> {
  readonly id = nextId++;
  readonly mainFrame = new FakeFrame(this.id, 1);
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  destroyed = false;
  openHandler: Parameters<Electron.WebContents['setWindowOpenHandler']>[0] | null = null;
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: Parameters<Electron.WebContents['setWindowOpenHandler']>[0]): void {
    this.openHandler = handler;
  }
}

export class FakeBrowserWindow extends EventEmitter implements Pick<Electron.BrowserWindow, 'show' | 'focus' | 'hide' | 'close' | 'isDestroyed' | 'loadURL' | 'loadFile' | 'isVisible'> {
  static all: FakeBrowserWindow[] = [];
  readonly options: Electron.BrowserWindowConstructorOptions;
  readonly webContents = new FakeWebContents();
  loaded: { url: string } | { file: string } | null = null;
  visible = false;
  destroyed = false;
  constructor(options: Electron.BrowserWindowConstructorOptions = {}) {
    super();
    this.options = options;
    FakeBrowserWindow.all.push(this);
    electron.app.emit('web-contents-created', {}, this.webContents);
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {}
  hide(): void {
    this.visible = false;
  }
  isVisible(): boolean {
    return this.visible;
  }
  close(): void {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    this.visible = false;
    this.destroyed = true;
    this.webContents.destroyed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  async loadURL(url: string): Promise<void> {
    this.loaded = { url };
  }
  async loadFile(file: string): Promise<void> {
    this.loaded = { file };
  }
}

export class FakeMenu {
  readonly template: Electron.MenuItemConstructorOptions[];
  constructor(template: Electron.MenuItemConstructorOptions[]) {
    this.template = template;
  }
  static buildFromTemplate(template: Electron.MenuItemConstructorOptions[]): FakeMenu {
    return new FakeMenu(template);
  }
}

export class FakeImage {
  readonly path: string;
  template = false;
  constructor(path: string) {
    this.path = path;
  }
  setTemplateImage(on: boolean): void {
    this.template = on;
  }
}

export class FakeTray implements Pick<Electron.Tray, 'setImage' | 'setTitle' | 'setToolTip' | 'setContextMenu' | 'destroy'> {
  static all: FakeTray[] = [];
  image: FakeImage;
  title = '';
  tooltip = '';
  menu: FakeMenu | null = null;
  paints = 0;
  destroyed = false;
  constructor(...[image]: ConstructorParameters<typeof Electron.Tray>) {
    this.image = image as unknown as FakeImage;
    FakeTray.all.push(this);
  }
  setImage(image: Electron.NativeImage | string): void {
    this.image = image as unknown as FakeImage;
  }
  setTitle(title: string): void {
    this.title = title;
  }
  setToolTip(tooltip: string): void {
    this.tooltip = tooltip;
  }
  setContextMenu(menu: Electron.Menu | null): void {
    this.menu = menu as unknown as FakeMenu;
    this.paints++;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export class FakeNotification extends EventEmitter implements Pick<Electron.Notification, 'show'> {
  static shown: Array<{ title: string; body: string }> = [];
  static isSupported(): boolean {
    return true;
  }
  readonly options: Electron.NotificationConstructorOptions;
  constructor(options: Electron.NotificationConstructorOptions = {}) {
    super();
    this.options = options;
  }
  show(): void {
    FakeNotification.shown.push({ title: this.options.title ?? '', body: this.options.body ?? '' });
  }
}

const loginItem: Electron.LoginItemSettings = { openAtLogin: false, wasOpenedAtLogin: false, status: 'not-registered', executableWillLaunchAtLogin: false, launchItems: [] };

class FakeApp extends EventEmitter implements Pick<Electron.App, 'requestSingleInstanceLock' | 'exit' | 'whenReady' | 'getAppPath' | 'getLoginItemSettings' | 'setLoginItemSettings' | 'quit' | 'isPackaged'> {
  isPackaged = false;
  quitCalls = 0;
  exitCode: number | null = null;
  singleInstance = true;
  readonly dock = { hidden: false, hide: () => void (this.dock.hidden = true) };
  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
  exit(code = 0): void {
    this.exitCode = code;
  }
  async whenReady(): Promise<void> {}
  getAppPath(): string {
    return process.cwd();
  }
  getLoginItemSettings(): Electron.LoginItemSettings {
    return { ...loginItem };
  }
  setLoginItemSettings(settings: Electron.Settings): void {
    loginItem.openAtLogin = !!settings.openAtLogin;
  }
  quit(): void {
    this.quitCalls++;
  }
}

class FakeIpcMain implements Pick<Electron.IpcMain, 'handle' | 'removeHandler'> {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Parameters<Electron.IpcMain["handle"]>[1]): void {
    this.handlers.set(channel, listener as Listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What main answers to a call from `sender` (its main frame unless another is given). */
  async invoke(channel: string, sender: FakeWebContents, frame: FakeFrame | null, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler({ sender, senderFrame: frame }, ...args);
  }
}

class FakeSession implements Pick<Electron.Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> {
  request: Parameters<Electron.Session['setPermissionRequestHandler']>[0] = null;
  check: Parameters<Electron.Session['setPermissionCheckHandler']>[0] = null;
  setPermissionRequestHandler(handler: Parameters<Electron.Session['setPermissionRequestHandler']>[0]): void {
    this.request = handler;
  }
  setPermissionCheckHandler(handler: Parameters<Electron.Session['setPermissionCheckHandler']>[0]): void {
    this.check = handler;
  }
}

const clipboard = {
  text: '',
  writeText: async (text: string): Promise<void> => {
    clipboard.text = text;
  },
} satisfies Pick<Electron.Clipboard, 'writeText'> & { text: string };
const opened: string[] = [];
const shell = {
  opened,
  openExternal: async (url: string): Promise<void> => {
    opened.push(url);
  },
} satisfies Pick<Electron.Shell, 'openExternal'> & { opened: string[] };
const dialog = { errors: [] as Array<{ title: string; content: string }>, showErrorBox: (title: string, content: string) => void dialog.errors.push({ title, content }) } satisfies Pick<Electron.Dialog, 'showErrorBox'> & { errors: unknown[] };
const network = { online: true };
const net = { network, isOnline: (): boolean => network.online } satisfies Pick<Electron.Net, 'isOnline'> & { network: { online: boolean } };

/** The fake module: its keys are names the real module exports (checked by the type below). */
export const electron = {
  app: new FakeApp(),
  BrowserWindow: FakeBrowserWindow,
  clipboard,
  dialog,
  ipcMain: new FakeIpcMain(),
  Menu: FakeMenu,
  nativeImage: { createFromPath: (path: string) => new FakeImage(path) },
  net,
  Notification: FakeNotification,
  powerMonitor: new EventEmitter(),
  session: { defaultSession: new FakeSession() },
  shell,
  Tray: FakeTray,
} satisfies Partial<Record<keyof typeof import('electron'), unknown>>;

/** A fresh launch: no tray, no window, no listener, nothing recorded (the mocked module itself stays, as vitest caches it). */
export function resetFake(): void {
  FakeTray.all.length = 0;
  FakeBrowserWindow.all.length = 0;
  FakeNotification.shown.length = 0;
  const { app, ipcMain, session, powerMonitor } = electron;
  app.removeAllListeners();
  Object.assign(app, { isPackaged: false, quitCalls: 0, exitCode: null, singleInstance: true });
  app.dock.hidden = false;
  loginItem.openAtLogin = false;
  ipcMain.handlers.clear();
  Object.assign(session.defaultSession, { request: null, check: null });
  powerMonitor.removeAllListeners();
  opened.length = 0;
  dialog.errors.length = 0;
  clipboard.text = '';
  network.online = true;
}

/** The single tray main/ made, and the menu items it shows, found by id at any depth. */
export function tray(): FakeTray {
  const made = FakeTray.all.at(-1);
  if (!made) throw new Error('main/ made no tray');
  return made;
}

export function menuItem(id: string, items: Electron.MenuItemConstructorOptions[] = tray().menu?.template ?? []): Electron.MenuItemConstructorOptions | undefined {
  for (const item of items) {
    if (item.id === id) return item;
    const inner = Array.isArray(item.submenu) ? menuItem(id, item.submenu) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

export function click(id: string): void {
  const item = menuItem(id);
  if (!item?.click) throw new Error(`no menu item ${id} with an action`);
  if (item.enabled === false) throw new Error(`menu item ${id} is disabled`);
  (item.click as () => void)();
}

export function labels(items: Electron.MenuItemConstructorOptions[] = tray().menu?.template ?? []): string[] {
  return items.flatMap((i) => [i.label ?? '', ...(Array.isArray(i.submenu) ? labels(i.submenu) : [])]);
}
