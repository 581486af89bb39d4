// Electron locked down for every webContents the app ever makes: no navigation or redirect away from the
// page, no webviews, no new windows (documentation links open in the browser, nothing else), and every
// permission a page could ask for (camera, notifications, clipboard, …) denied.
import { shell, type App, type Session } from 'electron';
import { isDocumentationUrl } from '../app/model/doc-links.ts';

export function lockDown(app: App, session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isDocumentationUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}
