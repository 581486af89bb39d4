// The Electron main process: one instance, no Dock icon. It only wires app/ to Electron; the tray, the
// menu and the settings window are added by the menu-bar issue (see README, "Verified where").
import { app } from 'electron';

if (!app.requestSingleInstanceLock()) app.quit();
app.dock?.hide();
// A menu bar app keeps running with no window open.
app.on('window-all-closed', () => undefined);
