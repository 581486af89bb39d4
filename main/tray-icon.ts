// The menu bar icon, Signal's way: one paint() that sets the icon, title, tooltip and menu from the view
// app/tray/controller.ts computes. The menu's data becomes Electron's template here, and TypeScript
// checks that it fits Electron's own MenuItemConstructorOptions.
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import type { TrayView } from '../app/tray/controller.ts';
import { trayIconName, type MenuItem, type TrayAction } from '../app/tray/menu.ts';

export function toElectron(items: MenuItem[], dispatch: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map(({ action, submenu, ...rest }) => ({
    ...rest,
    ...(submenu ? { submenu: toElectron(submenu, dispatch) } : {}),
    ...(action ? { click: () => dispatch(action) } : {}),
  }));
}

export class TrayIcon {
  private readonly tray: Tray;
  private readonly assets: string;
  private readonly dispatch: (action: TrayAction) => void;
  private lastIcon = '';

  constructor(assets: string, dispatch: (action: TrayAction) => void) {
    this.assets = assets;
    this.dispatch = dispatch;
    this.tray = new Tray(this.image(trayIconName('gray')), 'b1f1c0de-5e5e-4e1e-9a11-70c7e1a11905');
  }

  private image(name: string) {
    const image = nativeImage.createFromPath(join(this.assets, `${name}.png`));
    image.setTemplateImage(true);
    return image;
  }

  paint(view: TrayView): void {
    if (view.icon !== this.lastIcon) {
      this.tray.setImage(this.image(view.icon));
      this.lastIcon = view.icon;
    }
    this.tray.setTitle(view.title, { fontType: 'monospacedDigit' });
    this.tray.setToolTip(view.tooltip);
    this.tray.setContextMenu(Menu.buildFromTemplate(toElectron(view.menu, this.dispatch)));
  }

  destroy(): void {
    this.tray.destroy();
  }
}
