// The RouteLightsApi over the HTTP bridge: what the window uses in a browser, with the token or the
// one-time code it is traded for. Every answer is checked against the contract here, at the edge; events
// come from a fetch stream (EventSource cannot send the bearer header) and reconnect after a drop.
import type { ApiEvent, Call, MethodName, Request, Response, RouteLightsApi, SubscribeOptions } from '../api/contract.ts';
import { FailureError } from '../model/failure.ts';
import { readAnswer, readBody, readEvents } from './answer.ts';

export interface HttpApi extends RouteLightsApi {
  close(): void;
}

type Fetch = typeof fetch;

async function post(fetchImpl: Fetch, baseUrl: string, path: string, headers: Record<string, string>, body: unknown): Promise<globalThis.Response> {
  try {
    return await fetchImpl(`${baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  } catch (error) {
    throw new FailureError({ layer: 'bridge', code: 'unreachable', reason: `RouteLights at ${baseUrl} does not answer (${(error as Error).message}).`, remedy: 'Check that routelights serve is still running.' });
  }
}

/** Trades the one-time code of `serve --open` for the session token: once, within a minute of the start. */
export async function exchangeCode(baseUrl: string, code: string, fetchImpl: Fetch = fetch): Promise<string> {
  const res = await post(fetchImpl, baseUrl, '/auth/exchange', { 'content-type': 'application/json' }, { code });
  const token = (readBody('the one-time code', res.status, await res.text().catch(() => '')) as { token?: unknown } | null)?.token;
  if (typeof token !== 'string') throw new FailureError({ layer: 'bridge', code: 'bad-answer', reason: 'RouteLights answered the one-time code without a token.', remedy: 'The running RouteLights is another version than this page: restart it.' });
  return token;
}

/** The API once `token` comes: calls wait for it, and fail with its failure if it never does. */
export function createHttpApiWhen(baseUrl: string, token: Promise<string>, fetchImpl: Fetch = fetch): HttpApi {
  const ready = token.then((t) => createHttpApi(baseUrl, t, fetchImpl));
  // Each use reports the failure; the promise itself is not left unhandled when none comes.
  ready.catch(() => undefined);
  return {
    call: async (method, request) => (await ready).call(method, request),
    subscribe: (listener, options) => {
      let unsubscribe: (() => void) | null = null;
      let stopped = false;
      void ready.then((api) => {
        if (!stopped) unsubscribe = api.subscribe(listener, options);
      }, () => undefined);
      return () => {
        stopped = true;
        unsubscribe?.();
      };
    },
    close: () => void ready.then((api) => api.close(), () => undefined),
  };
}

export function createHttpApi(baseUrl: string, token: string, fetchImpl: Fetch = fetch): HttpApi {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const controllers = new Set<AbortController>();

  const call: Call = async <M extends MethodName>(method: M, request: Request<M>): Promise<Response<M>> => {
    const res = await post(fetchImpl, baseUrl, `/api/${method}`, headers, request);
    return readAnswer(method, res.status, await res.text().catch(() => ''));
  };

  function subscribe(listener: (event: ApiEvent) => void, options: SubscribeOptions = {}): () => void {
    const controller = new AbortController();
    controllers.add(controller);
    void (async () => {
      let delay = 500;
      while (!controller.signal.aborted) {
        try {
          const res = await fetchImpl(`${baseUrl}/api/events${options.window ? '?window' : ''}`, { headers: { authorization: headers.authorization }, signal: controller.signal });
          if (!res.ok || !res.body) throw new Error(`events answered ${res.status}`);
          delay = 500;
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            const { events, rest } = readEvents(buffer + value);
            buffer = rest;
            events.forEach(listener);
          }
        } catch {
          if (controller.signal.aborted) return;
        }
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 10_000);
      }
    })();
    return () => {
      controller.abort();
      controllers.delete(controller);
    };
  }

  return {
    call,
    subscribe,
    close: () => {
      for (const c of controllers) c.abort();
      controllers.clear();
    },
  };
}
