// The RouteLightsApi over the HTTP bridge: what the window uses in a browser. Every answer is checked
// against the contract here, at the edge; events come from a fetch stream (EventSource cannot send the
// bearer header) and reconnect after a drop. Runs in Node and in browsers (fetch only).
import type { ApiEvent, Call, MethodName, Request, Response, RouteLightsApi, SubscribeOptions } from '../api/contract.ts';
import { FailureError } from '../model/failure.ts';
import { readAnswer, readEvents } from './answer.ts';

export interface HttpApi extends RouteLightsApi {
  close(): void;
}

type Fetch = typeof fetch;

export function createHttpApi(baseUrl: string, token: string, fetchImpl: Fetch = fetch): HttpApi {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const controllers = new Set<AbortController>();

  const call: Call = async <M extends MethodName>(method: M, request: Request<M>): Promise<Response<M>> => {
    let res: globalThis.Response;
    try {
      res = await fetchImpl(`${baseUrl}/api/${method}`, { method: 'POST', headers, body: JSON.stringify(request) });
    } catch (error) {
      throw new FailureError({ layer: 'bridge', code: 'unreachable', reason: `RouteLights at ${baseUrl} does not answer (${(error as Error).message}).`, remedy: 'Check that routelights serve is still running.' });
    }
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
