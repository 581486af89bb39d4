// The tray, Signal's way: one render() that rebuilds the icon, title and menu from the pure
// trayMenu() of app/. The menu's data becomes Electron's template here, and TypeScript checks that it
// fits Electron's own MenuItemConstructorOptions.
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import { trayIconName, trayMenu, trayTitle, trayTooltip, type MenuItem, type TrayAction, type TrayState } from '../app/tray/menu.ts';
import type { Snapshot } from '../app/model/snapshot.ts';

export function toElectron(items: MenuItem[], dispatch: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map(({ action, submenu, ...rest }) => ({
    ...rest,
    ...(submenu ? { submenu: toElectron(submenu, dispatch) } : {}),
    ...(action ? { click: () => dispatch(action) } : {}),
  }));
}

export class TrayService {
  private readonly tray: Tray;
  private readonly assets: string;
  private readonly dispatch: (action: TrayAction) => void;
  private lastIcon = '';

  constructor(assets: string, dispatch: (action: TrayAction) => void) {
    this.assets = assets;
    this.dispatch = dispatch;
    this.tray = new Tray(this.icon('gray'), 'b1f1c0de-5e5e-4e1e-9a11-70c7e1a11905');
  }

  private icon(overall: Snapshot['overall']) {
    const image = nativeImage.createFromPath(join(this.assets, `${trayIconName(overall)}.png`));
    image.setTemplateImage(true);
    return image;
  }

  render(snapshot: Snapshot | null, state: TrayState): void {
    const overall = snapshot?.overall ?? 'gray';
    if (overall !== this.lastIcon) {
      this.tray.setImage(this.icon(overall));
      this.lastIcon = overall;
    }
    this.tray.setTitle(trayTitle(snapshot), { fontType: 'monospacedDigit' });
    this.tray.setToolTip(trayTooltip(snapshot));
    this.tray.setContextMenu(Menu.buildFromTemplate(toElectron(trayMenu(snapshot, state), this.dispatch)));
  }
}
