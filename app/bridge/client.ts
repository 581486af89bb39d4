// The RouteLightsApi over the HTTP bridge: what the window uses in a browser. Every answer is checked
// against the contract at the edge; events come from a fetch stream (EventSource cannot send the
// bearer header) and reconnect after a drop. Runs in Node and in browsers (fetch only).
import { eventSchema, METHODS, type ApiEvent, type Call, type MethodName, type Request, type Response, type RouteLightsApi } from '../api/contract.ts';

export interface ApiFailure {
  layer: string;
  code: string;
  reason: string;
  remedy: string;
}

/** A call the bridge refused or the service could not do: the failure as the user should read it. */
export class ApiError extends Error {
  readonly failure: ApiFailure;
  readonly status: number;
  constructor(failure: ApiFailure, status: number) {
    super(failure.reason);
    this.failure = failure;
    this.status = status;
  }
}

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
      throw new ApiError({ layer: 'bridge', code: 'unreachable', reason: `RouteLights at ${baseUrl} does not answer (${(error as Error).message}).`, remedy: 'Check that routelights serve is still running.' }, 0);
    }
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const failure = (body as { error?: ApiFailure } | null)?.error;
      throw new ApiError(failure ?? { layer: 'bridge', code: `http-${res.status}`, reason: `RouteLights answered ${res.status}.`, remedy: 'Try again.' }, res.status);
    }
    return METHODS[method].response.parse(body) as Response<M>;
  };

  function subscribe(listener: (event: ApiEvent) => void): () => void {
    const controller = new AbortController();
    controllers.add(controller);
    void (async () => {
      let delay = 500;
      while (!controller.signal.aborted) {
        try {
          const res = await fetchImpl(`${baseUrl}/api/events`, { headers: { authorization: headers.authorization }, signal: controller.signal });
          if (!res.ok || !res.body) throw new Error(`events answered ${res.status}`);
          delay = 500;
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value;
            let at: number;
            while ((at = buffer.indexOf('\n\n')) >= 0) {
              const frame = buffer.slice(0, at);
              buffer = buffer.slice(at + 2);
              const data = frame.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
              if (!data) continue;
              const parsed = eventSchema.safeParse(JSON.parse(data));
              if (parsed.success) listener(parsed.data);
            }
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
