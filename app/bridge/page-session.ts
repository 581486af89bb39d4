// How the window in a browser gets its session from `routelights serve`: the token in the URL (#token=),
// or the one-time code of `serve --open` (#code=) traded for it; kept for this tab only, and taken out of the address bar.
import { createHttpApi, createHttpApiWhen, exchangeCode, type HttpApi } from './client.ts';

/** What is used of a browser window (the page's own, or a stand-in in tests). */
export interface Page {
  location: { hash: string; origin: string; pathname: string };
  history: { replaceState(data: unknown, unused: string, url: string): void };
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

const KEY = 'routelights-token';

/** The API for this page, or null when it has neither a token nor a code (opened some other way). */
export function connectPage(page: Page, fetchImpl: typeof fetch = fetch): HttpApi | null {
  const fromHash = /#token=([^&]+)/.exec(page.location.hash)?.[1];
  const code = /#code=([^&]+)/.exec(page.location.hash)?.[1];
  if (fromHash || code) page.history.replaceState(null, '', page.location.pathname);
  if (code) {
    const traded = exchangeCode(page.location.origin, code, fetchImpl).then((token) => {
      page.sessionStorage.setItem(KEY, token);
      return token;
    });
    return createHttpApiWhen(page.location.origin, traded, fetchImpl);
  }
  if (fromHash) page.sessionStorage.setItem(KEY, fromHash);
  const token = fromHash ?? page.sessionStorage.getItem(KEY);
  return token ? createHttpApi(page.location.origin, token, fetchImpl) : null;
}
