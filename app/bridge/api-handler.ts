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
import { overCapacity, RETRY_AFTER_SECONDS, type BridgeLimits } from './limits.ts';

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

/**
 * Marks the answer as the connection's last: Node then closes the socket once the answer is written,
 * without reading what is left of the request (a body refused unread, or one that trickles in).
 */
export function lastAnswer(res: ServerResponse): void {
  res.setHeader('connection', 'close');
}

/** A 503 for a client past a cap: it may come back after Retry-After seconds. */
export function sendOverCapacity(res: ServerResponse, what: string): void {
  lastAnswer(res);
  res.setHeader('retry-after', String(RETRY_AFTER_SECONDS));
  sendFailure(res, overCapacity(what));
}

/** The request's path, percent-decoded; null when it is not an origin-form path or does not decode. */
export function requestPath(req: IncomingMessage): { path: string; query: URLSearchParams } | null {
  const target = req.url ?? '';
  if (!target.startsWith('/')) return null;
  try {
    const url = new URL(`http://127.0.0.1${target}`);
    return { path: decodeURIComponent(url.pathname), query: url.searchParams };
  } catch {
    return null;
  }
}

export function sendBadUrl(res: ServerResponse): void {
  sendFailure(res, bridgeFailure('bad-url', 'The request\'s path is not a valid URL path (a stray or malformed %-escape?).', 'Percent-encode the path as RFC 3986 says, or open the URL that routelights serve printed.'));
}

type Body = { text: string } | 'too-large' | 'too-slow';

/** The body, unless it outgrows `max` or is not all in within `deadlineMs`; then it is left unread. */
function readBody(req: IncomingMessage, max: number, deadlineMs: number): Promise<Body> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (body: Body) => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', onError);
      if (typeof body === 'string') req.pause();
      resolve(body);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) return finish('too-large');
      chunks.push(chunk);
    };
    const onEnd = () => finish({ text: Buffer.concat(chunks).toString('utf8') });
    // A request aborted midway has nobody left to answer; what it sent is treated as too slow.
    const onError = () => finish('too-slow');
    const timer = setTimeout(() => finish('too-slow'), deadlineMs);
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

/** Whether a request carries a body, by its framing headers (a POST with neither has none). */
function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
}

/**
 * A request's JSON body, or undefined once the failure is answered. A body must say it is JSON: a
 * browser sends text/plain and form bodies to any site without asking first, and those never reach a
 * method. An empty POST may leave the type out (`curl -X POST`).
 */
export async function receiveJson(req: IncomingMessage, res: ServerResponse, limits: Pick<BridgeLimits, 'maxBodyBytes' | 'bodyTimeoutMs'>): Promise<{ value: unknown } | undefined> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && (type !== '' || hasBody(req))) {
    lastAnswer(res);
    sendFailure(res, bridgeFailure('unsupported-media-type', `The request body is ${type ? `of type ${type.slice(0, 60)}` : 'untyped'}, not JSON.`, 'Send the body as JSON with Content-Type: application/json.'));
    return undefined;
  }
  const body = await readBody(req, limits.maxBodyBytes, limits.bodyTimeoutMs);
  if (typeof body === 'string') {
    lastAnswer(res);
    if (body === 'too-large') sendFailure(res, bridgeFailure('too-large', `The request body is larger than ${limits.maxBodyBytes} bytes.`, 'Send a smaller request.'));
    else sendFailure(res, bridgeFailure('too-slow', `The request body did not arrive within ${limits.bodyTimeoutMs / 1000} s.`, 'Send the whole request at once.'));
    return undefined;
  }
  try {
    return { value: body.text.trim() === '' ? {} : JSON.parse(body.text) };
  } catch {
    sendFailure(res, bridgeFailure('bad-json', 'The request body is not valid JSON.', 'Send a JSON object.'));
    return undefined;
  }
}

function describeZod(error: ZodError): string {
  return error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
}

export interface ApiHandler {
  /** Answers a request whose path starts with /api/ (`rest` is what follows it, decoded). */
  handle(req: IncomingMessage, res: ServerResponse, rest: string, query: URLSearchParams): Promise<void>;
  /** Ends every open event stream. */
  close(): void;
}

type Listener = (event: ApiEvent) => void;

/**
 * One subscription to the service for all the streams of a kind, made with the first stream and ended
 * with the last: a subscription per stream piled listeners on the service's emitter (Node warns past
 * ten) and made each event a call per stream into the service.
 */
function sharedSubscription(api: RouteLightsApi, window: boolean): (listener: Listener) => () => void {
  const listeners = new Set<Listener>();
  let unsubscribe: (() => void) | null = null;
  return (listener) => {
    listeners.add(listener);
    unsubscribe ??= api.subscribe((event) => listeners.forEach((l) => l(event)), { window });
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) {
        unsubscribe?.();
        unsubscribe = null;
      }
    };
  };
}

export function createApiHandler(api: RouteLightsApi, limits: Pick<BridgeLimits, 'maxStreams' | 'maxBodyBytes' | 'bodyTimeoutMs'>): ApiHandler {
  const streams = new Set<ServerResponse>();
  const subscribe = { window: sharedSubscription(api, true), other: sharedSubscription(api, false) };

  /** `?window`: the stream of a window, which also receives `open-route` (see SubscribeOptions). */
  function events(res: ServerResponse, window: boolean): void {
    if (streams.size >= limits.maxStreams) return sendOverCapacity(res, 'event streams');
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-content-type-options': 'nosniff' });
    res.write(': connected\n\n');
    streams.add(res);
    const write = (event: ApiEvent) => res.write(`data: ${redactor.redact(JSON.stringify(event))}\n\n`);
    const unsubscribe = (window ? subscribe.window : subscribe.other)(write);
    // A client that connects between a change and the next event still starts from the latest snapshot.
    void api.call('snapshot', {}).then((snapshot) => snapshot && !res.writableEnded && write({ type: 'snapshot', snapshot }), () => undefined);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse, rest: string, query: URLSearchParams): Promise<void> {
    if (rest === 'events') return req.method === 'GET' ? events(res, query.has('window')) : sendFailure(res, bridgeFailure('method-not-allowed', 'Events are a GET stream.', 'Send GET /api/events.'));
    if (!isMethodName(rest)) return sendFailure(res, bridgeFailure('unknown-method', `The API has no method "${rest.slice(0, 80)}".`, `Use one of: ${Object.keys(METHODS).join(', ')}.`));
    if (req.method !== 'POST') return sendFailure(res, bridgeFailure('method-not-allowed', 'API calls are POST requests with a JSON body.', 'Send POST with Content-Type: application/json.'));
    const body = await receiveJson(req, res, limits);
    if (!body) return;
    const checked = METHODS[rest].request.safeParse(body.value);
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
