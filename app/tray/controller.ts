// The menu bar's behaviour, without Electron: the tray's state (the latest snapshot, a sentinel sweep,
// muted routes, the last failed action), what each menu action does, notifications on light changes,
// and sleep and wake. main/ hands it a TrayShell (Electron's tray, clipboard, notifications, login item,
// window) and draws the view it is given; every call goes through the service and the contract.
import type { ApiEvent, RouteLightsApi } from '../api/contract.ts';
import { failureOf, FailureError, type Failure } from '../model/failure.ts';
import type { Snapshot } from '../model/snapshot.ts';
import { redactor } from '../secrets/redact.ts';
import { trayIconName, trayMenu, trayTitle, trayTooltip, usedRoutes, type MenuItem, type TrayAction, type TrayState } from './menu.ts';
import { readMutedRoutes, writeMutedRoutes } from './muted-routes.ts';
import { notificationFor, usageNotificationFor } from './notifications.ts';

export interface TrayView {
  icon: string;
  title: string;
  tooltip: string;
  menu: MenuItem[];
}

/** What the menu bar needs from the platform; main/ implements it with Electron. */
export interface TrayShell {
  paint(view: TrayView): void;
  /** Electron's clipboard answers with a promise: a failure to copy is then the action's failure. */
  copy(text: string): Promise<void> | void;
  notify(note: { title: string; body: string }): void;
  launchAtLogin(): boolean;
  setLaunchAtLogin(on: boolean): void;
  showSettings(): void;
  quit(): void;
}

/** The service as the tray uses it: the contract, plus pausing the monitor while the machine sleeps. */
export interface TrayService extends RouteLightsApi {
  pause(): Promise<void>;
  resume(): Promise<void>;
}

/** Each action as a failure line names it. */
const ACTION_NAMES: Record<TrayAction['kind'], string> = {
  'run-all': 'Run all sentinels',
  'run-route': 'Run sentinel',
  'copy-id': 'Copy id',
  'open-settings': 'Open in Settings',
  'add-route': 'Add a route',
  refresh: 'Refresh',
  'copy-report': 'Copy readiness report',
  'toggle-login': 'Launch at login',
  'toggle-notifications': 'Notifications',
  'dismiss-failure': 'Dismiss',
  quit: 'Quit',
};

export class TrayController {
  private readonly service: TrayService;
  private readonly shell: TrayShell;
  private readonly dataDir: string;
  private readonly now: () => Date;
  private snapshot: Snapshot | null = null;
  private sweep: TrayState['sweep'] = null;
  private muted: string[] = [];
  private failure: TrayState['failure'] = null;
  private online = true;
  private unsubscribe: (() => void) | null = null;

  constructor(service: TrayService, shell: TrayShell, options: { dataDir: string; now?: () => Date }) {
    this.service = service;
    this.shell = shell;
    this.dataDir = options.dataDir;
    this.now = options.now ?? (() => new Date());
  }

  async start(): Promise<void> {
    this.muted = await readMutedRoutes(this.dataDir);
    this.unsubscribe = this.service.subscribe((event) => this.onEvent(event));
    this.snapshot = await this.service.call('snapshot', {}).catch(() => null);
    this.render();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  view(): TrayView {
    const state: TrayState = { now: this.now(), sweep: this.sweep, launchAtLogin: this.shell.launchAtLogin(), mutedRoutes: this.muted, failure: this.failure };
    return { icon: trayIconName(this.snapshot?.overall ?? 'gray'), title: trayTitle(this.snapshot), tooltip: trayTooltip(this.snapshot), menu: trayMenu(this.snapshot, state) };
  }

  /** A failure that is not an action's (the app's socket, say): shown the same way. */
  report(action: string, failure: Failure): void {
    this.failure = { ...failure, action };
    this.shell.notify({ title: `RouteLights: ${action} failed`, body: redactor.redact(`${failure.reason} → ${failure.remedy}`) });
    this.render();
  }

  /** Runs a menu action; a failure becomes a menu line and a notification, never an unhandled rejection. */
  readonly dispatch = async (action: TrayAction): Promise<void> => {
    if (!(await this.guard(ACTION_NAMES[action.kind], () => this.perform(action)))) return;
    if (this.failure?.action === ACTION_NAMES[action.kind]) this.failure = null;
    if (action.kind !== 'quit') this.render();
  };

  async suspend(): Promise<void> {
    await this.guard('Pausing while the Mac sleeps', () => this.service.pause());
  }

  async resume(): Promise<void> {
    await this.guard('Checking again after sleep', () => this.service.resume());
  }

  /** Network state, as often as main/ looks: coming back online checks everything at once. */
  async network(online: boolean): Promise<void> {
    const back = online && !this.online;
    this.online = online;
    if (back) await this.guard('Checking again on a new network', () => this.service.resume());
  }

  /** True when `work` succeeded; otherwise its failure is reported under `action`. */
  private async guard(action: string, work: () => Promise<void>): Promise<boolean> {
    try {
      await work();
      return true;
    } catch (error) {
      this.report(action, failureOf(error) ?? { layer: 'service', code: 'internal', reason: redactor.redact(String((error as Error)?.message ?? error)), remedy: 'Try again; if it persists, quit and reopen RouteLights.' });
      return false;
    }
  }

  private render(): void {
    this.shell.paint(this.view());
  }

  private async perform(action: TrayAction): Promise<void> {
    switch (action.kind) {
      case 'run-all':
      case 'run-route':
        this.sweep = { done: 0, total: action.kind === 'run-all' ? (this.snapshot ? usedRoutes(this.snapshot).length : 0) : 1 };
        this.render();
        try {
          await this.service.call('runSentinels', action.kind === 'run-route' ? { routeKeys: [action.routeKey], requestedBy: 'tray' } : { requestedBy: 'tray' });
        } finally {
          this.sweep = null;
        }
        return;
      case 'copy-id':
        return this.shell.copy(action.routeId);
      case 'open-settings':
        if (action.route) await this.service.call('openRoute', action.route);
        return this.shell.showSettings();
      case 'add-route':
        await this.service.call('openRoute', {});
        return this.shell.showSettings();
      case 'refresh':
        this.snapshot = await this.service.call('refresh', {});
        return;
      case 'copy-report':
        return this.shell.copy((await this.service.call('report', {})).markdown);
      case 'toggle-login':
        return this.shell.setLaunchAtLogin(!this.shell.launchAtLogin());
      case 'toggle-notifications': {
        const muted = this.muted.includes(action.routeKey) ? this.muted.filter((k) => k !== action.routeKey) : [...this.muted, action.routeKey];
        const saved = await writeMutedRoutes(this.dataDir, muted);
        if (!saved.ok) throw new FailureError({ ...saved.failure, remedy: `${saved.failure.remedy} Until then the notification setting is as it was.` });
        this.muted = muted;
        return;
      }
      case 'dismiss-failure':
        this.failure = null;
        return;
      case 'quit':
        this.stop();
        return this.shell.quit();
    }
  }

  private onEvent(event: ApiEvent): void {
    if (event.type === 'snapshot') {
      this.snapshot = event.snapshot;
      this.render();
    }
    if (event.type === 'sentinel' && this.sweep) {
      this.sweep = event.progress;
      this.render();
    }
    if (event.type === 'light') {
      const note = notificationFor(event, this.muted);
      if (note) this.shell.notify({ title: note.title, body: note.body });
    }
    if (event.type === 'usage') this.shell.notify(usageNotificationFor(event, this.now()));
  }
}
