// One set of routes shown through every front end at once: `routelights serve` (the real service) with
// its /metrics, `status --json` answered by that serve over its socket, and a tray controller on the
// same contract painting its menu and collecting its notifications. For the usage tests of each surface.
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
  routes: Array<{ id: string; light: string; layer: string; reason: string; remedy: string; quota: string | null; usage: { accounts: string[]; balance: string } | null }>;
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
  const fullEnv = { PATH: process.env.PATH!, HOME: home, ROUTELIGHTS_HOME: data, ROUTELIGHTS_KEYCHAIN: 'off', ROUTELIGHTS_MACHINE: 'usage-mac', ...env };
  const served = await serve(['--settings', settingsPath, '--droid', join(home, 'no-droid')], fullEnv);
  const api = socketApi(socketPathFor(data, settingsPath));
  const notifications: FrontEnds['notifications'] = [];
  let painted: TrayView | null = null;
  const tray = new TrayController(
    { ...api, pause: async () => undefined, resume: async () => undefined },
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
