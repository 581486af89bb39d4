// What both ends of the bridge agree on besides the contract: the HTTP status each Failure travels
// with, how an answer is read back into a value or a FailureError, and the server-sent event frames.
import { eventSchema, METHODS, type ApiEvent, type MethodName, type Response } from '../api/contract.ts';
import { FailureError, type Failure } from '../model/failure.ts';
import { failureSchema } from '../model/snapshot.ts';

const STATUS: Record<string, number> = { 'bad-request': 400, 'bad-json': 400, 'bad-url': 400, unauthorized: 401, 'cross-site': 403, 'unknown-method': 404, 'not-found': 404, 'method-not-allowed': 405, 'too-slow': 408, busy: 409, conflict: 409, 'too-large': 413, 'unsupported-media-type': 415, 'wrong-host': 421, internal: 500, 'over-capacity': 503 };

export function statusFor(failure: Failure): number {
  return STATUS[failure.code] ?? 422;
}

/** An answer's JSON body (null when it is not JSON); a failure (the bridge's or the service's) thrown as a FailureError. */
export function readBody(what: string, status: number, text: string): unknown {
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // A body that is not JSON (a proxy's error page) is reported by status below.
  }
  if (status < 200 || status >= 300) {
    const failure = failureSchema.safeParse((body as { error?: unknown } | null)?.error);
    throw new FailureError(failure.success ? failure.data : { layer: 'bridge', code: `http-${status}`, reason: `RouteLights answered ${status} to ${what}.`, remedy: 'Try again; if it persists, restart RouteLights.' });
  }
  return body;
}

/** An answer from the bridge as the caller's value; every failure as a FailureError. */
export function readAnswer<M extends MethodName>(method: M, status: number, text: string): Response<M> {
  const body = readBody(method, status, text);
  const parsed = METHODS[method].response.safeParse(body);
  if (!parsed.success) throw new FailureError({ layer: 'bridge', code: 'bad-answer', reason: `RouteLights' answer to ${method} does not fit the contract (${parsed.error.issues[0]?.path.join('.') || 'body'}: ${parsed.error.issues[0]?.message}).`, remedy: 'The running RouteLights is another version than this one: restart it.' });
  return parsed.data as Response<M>;
}

/** Splits server-sent event text into events; what is left over waits for the next chunk. */
export function readEvents(buffer: string): { events: ApiEvent[]; rest: string } {
  const events: ApiEvent[] = [];
  let rest = buffer;
  let at: number;
  while ((at = rest.indexOf('\n\n')) >= 0) {
    const frame = rest.slice(0, at);
    rest = rest.slice(at + 2);
    const data = frame.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
    if (!data) continue;
    try {
      const parsed = eventSchema.safeParse(JSON.parse(data));
      if (parsed.success) events.push(parsed.data);
    } catch {
      // A frame cut by a dropped connection is skipped; the stream reconnects.
    }
  }
  return { events, rest };
}
