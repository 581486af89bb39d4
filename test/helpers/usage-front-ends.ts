// One set of routes through every front end at once: `routelights serve` and its /metrics, `status --json`
// answered by it over its socket, and a tray controller on the same contract (its menu, its notifications).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RouteLightsApi } from '../../app/api/contract.ts';
import { socketApi } from '../../app/bridge/socket-client.ts';
import { socketPathFor } from '../../app/bridge/socket-path.ts';
import type { Snapshot } from '../../app/model/snapshot.ts';
import { TrayController, type TrayView } from '../../app/tray/controller.ts';
import type { MenuItem } from '../../app/tray/menu.ts';
import { cli } from './cli.ts';
import { scratchDir } from './scratch.ts';
import { serve, type Served } from './serve.ts';

export interface FrontEnds {
  settingsPath: string;
  served: Served;
  api: RouteLightsApi;
  /** A refresh through the contract (it forces the usage readings), then what each front end shows. */
  look: () => Promise<{ snapshot: Snapshot; status: StatusJson; metrics: string }>;
  /** The tray's menu as last painted (it follows the snapshot events; wait for what you expect). */
  menu: () => MenuItem[];
  notifications: Array<{ title: string; body: string }>;
  close: () => Promise<void>;
}

export interface StatusJson {
  answeredBy: { kind: string };
  usage: Snapshot['usage'];
  routes: Array<{ id: string; light: string; layer: string; reason: string; remedy: string; quota: string | null; spends: { accounts: string[]; balance: string } | null }>;
}

/** Every menu item, submenus included, flattened. */
export function flatMenu(items: readonly MenuItem[]): MenuItem[] {
  return items.flatMap((i) => [i, ...flatMenu(i.submenu ?? [])]);
}

export async function frontEnds(settings: object, env: Record<string, string>): Promise<FrontEnds> {
  const home = scratchDir('rl-usage-');
  const settingsPath = join(home, '.factory', 'settings.json');
  mkdirSync(join(home, '.factory'), { recursive: true });
  writeFileSync(settingsPath, `${JSON.stringify(settings, null, 2)}\n`);
  const data = join(home, 'data');
  // The same time zone as this process, so that "resets 14:00" reads the same on both sides.
  const fullEnv = { PATH: process.env.PATH!, HOME: home, ROUTELIGHTS_HOME: data, ROUTELIGHTS_KEYCHAIN: 'off', ROUTELIGHTS_MACHINE: 'usage-mac', ...(process.env.TZ ? { TZ: process.env.TZ } : {}), ...env };
  const served = await serve(['--settings', settingsPath, '--droid', join(home, 'no-droid')], fullEnv);
  const api = socketApi(socketPathFor(data, settingsPath));
  const notifications: FrontEnds['notifications'] = [];
  let painted: TrayView | null = null;
  // What the tray has received: once it holds the snapshot a refresh answered, every event before it (a crossing) has reached it too.
  let received: Snapshot | null = null;
  const tray = new TrayController(
    {
      call: api.call,
      subscribe: (listener, options) =>
        api.subscribe((event) => {
          listener(event);
          if (event.type === 'snapshot') received = event.snapshot;
        }, options),
      pause: async () => undefined,
      resume: async () => undefined,
    },
    { paint: (view) => (painted = view), copy: () => undefined, notify: (n) => notifications.push(n), launchAtLogin: () => false, setLaunchAtLogin: () => undefined, showSettings: () => undefined, quit: () => undefined },
    { dataDir: data },
  );
  await tray.start();
  return {
    settingsPath,
    served,
    api,
    notifications,
    look: async () => {
      const snapshot = await api.call('refresh', {});
      await until(() => JSON.stringify(received) === JSON.stringify(snapshot));
      const status = await cli(['status', '--json', '--settings', settingsPath], { env: fullEnv });
      const metrics = await (await fetch(`${served.origin}/metrics`, { headers: { authorization: `Bearer ${served.token}` } })).text();
      return { snapshot, status: JSON.parse(status.stdout) as StatusJson, metrics };
    },
    menu: () => painted?.menu ?? [],
    close: async () => {
      tray.stop();
      await served.stop();
    },
  };
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('the tray never received the snapshot the refresh answered with');
    await new Promise((r) => setTimeout(r, 20));
  }
}
