// The API over HTTP, for both listeners (the loopback port of `routelights serve` and the app's Unix
// socket): POST /api/<method> with a JSON body, and GET /api/events as server-sent events. The request
// is checked against the contract here, the one server-side check of the hop; answers and events pass
// the redactor; a failure travels as `{ error: Failure }` with its status, never as a stack trace.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ZodError } from 'zod';
import { isMethodName, METHODS, type ApiEvent, type RouteLightsApi } from '../api/contract.ts';
import { failureOf, type Failure } from '../model/failure.ts';
import { redactor } from '../secrets/redact.ts';
import { statusFor } from './answer.ts';

export function send(res: ServerResponse, status: number, body: unknown): void {
  const text = redactor.redact(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

export function sendFailure(res: ServerResponse, failure: Failure): void {
  send(res, statusFor(failure), { error: failure });
}

export function bridgeFailure(code: string, reason: string, remedy: string): Failure {
  return { layer: 'bridge', code, reason, remedy };
}

async function readBody(req: IncomingMessage, max: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describeZod(error: ZodError): string {
  return error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
}

export interface ApiHandler {
  /** Answers a request whose path starts with /api/ (`rest` is what follows it). */
  handle(req: IncomingMessage, res: ServerResponse, rest: string): Promise<void>;
  /** Ends every open event stream. */
  close(): void;
}

export function createApiHandler(api: RouteLightsApi, maxBodyBytes: number): ApiHandler {
  const streams = new Set<ServerResponse>();

  /** `?window`: the stream of a window, which also receives `open-route` (see SubscribeOptions). */
  function events(res: ServerResponse, window: boolean): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-content-type-options': 'nosniff' });
    res.write(': connected\n\n');
    streams.add(res);
    const write = (event: ApiEvent) => res.write(`data: ${redactor.redact(JSON.stringify(event))}\n\n`);
    const unsubscribe = api.subscribe(write, { window });
    // A client that connects between a change and the next event still starts from the latest snapshot.
    void api.call('snapshot', {}).then((snapshot) => snapshot && !res.writableEnded && write({ type: 'snapshot', snapshot }), () => undefined);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse, rest: string): Promise<void> {
    if (rest === 'events') return req.method === 'GET' ? events(res, new URL(req.url ?? '', 'http://127.0.0.1').searchParams.has('window')) : sendFailure(res, bridgeFailure('method-not-allowed', 'Events are a GET stream.', 'Send GET /api/events.'));
    if (!isMethodName(rest)) return sendFailure(res, bridgeFailure('unknown-method', `The API has no method "${rest.slice(0, 80)}".`, `Use one of: ${Object.keys(METHODS).join(', ')}.`));
    if (req.method !== 'POST') return sendFailure(res, bridgeFailure('method-not-allowed', 'API calls are POST requests with a JSON body.', 'Send POST with Content-Type: application/json.'));
    const body = await readBody(req, maxBodyBytes);
    if (body === null) {
      // The rest of the body is not read: close this connection so that no later request lands in it.
      res.setHeader('connection', 'close');
      res.on('finish', () => req.socket?.destroy());
      return sendFailure(res, bridgeFailure('too-large', `The request body is larger than ${maxBodyBytes} bytes.`, 'Send a smaller request.'));
    }
    let parsed: unknown;
    try {
      parsed = body.trim() === '' ? {} : JSON.parse(body);
    } catch {
      return sendFailure(res, bridgeFailure('bad-json', 'The request body is not valid JSON.', 'Send a JSON object.'));
    }
    const checked = METHODS[rest].request.safeParse(parsed);
    if (!checked.success) return sendFailure(res, bridgeFailure('bad-request', `The request does not fit ${rest}: ${describeZod(checked.error)}.`, 'Fix the fields named and send it again.'));
    try {
      send(res, 200, await api.call(rest, checked.data as never));
    } catch (error) {
      sendFailure(res, failureOf(error) ?? bridgeFailure('internal', `RouteLights failed while answering ${rest}.`, 'Try again; if it persists, look at the terminal running RouteLights.'));
    }
  }

  return {
    handle,
    close: () => {
      for (const s of streams) s.end();
    },
  };
}
