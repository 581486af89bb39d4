// What every usage reader shares: one way to ask, the answers that are not a reading (each a reason and
// a remedy naming the endpoint, never a key), and lenient reading of numbers, shares and times.
import { httpRequest, type HttpOutcome, type HttpResponse } from '../surfaces/http.ts';
import { looksLikeHtml } from '../surfaces/http-verdicts.ts';
import type { UsageContext, UsageOutcome, UsageTarget } from './usage-types.ts';

export type Failed = Extract<UsageOutcome, { ok: false }>;

export function ask(url: string, ctx: UsageContext, headers: Record<string, string> = {}): Promise<HttpOutcome> {
  return httpRequest(url, { deadlineMs: ctx.deadlineMs, headers: { accept: 'application/json', 'user-agent': 'RouteLights', ...headers }, ...(ctx.dispatcher ? { dispatcher: ctx.dispatcher } : {}) });
}

/** The route's key for a reader that needs one, or why there is none to read with. */
export function routeKey(target: UsageTarget): string | Failed {
  if (target.source.kind === 'key' && target.source.key.kind === 'value') return target.source.key.value;
  return { ok: false, code: 'no-key', reason: 'The route sends no key, so there is nothing to read with.', remedy: "Set the route's apiKey." };
}

/** Retry-After in seconds or as a date, in ms; undefined when absent or unreadable. */
export function retryAfterMs(response: HttpResponse, now: Date): number | undefined {
  const value = response.headers['retry-after'];
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

export function unreadable(what: string, response: HttpResponse, why: string): Failed {
  const shape = looksLikeHtml(response) ? 'an HTML page' : response.body.trim() === '' ? 'an empty body' : `${response.headers['content-type'] ?? 'no content type'}, ${response.body.length} bytes`;
  return { ok: false, code: 'unreadable-answer', reason: `${what} answered HTTP ${response.status} with ${shape}, not a usage reading (${why}).`, remedy: 'RouteLights asks again at the next reading; if it persists, the endpoint changed its shape: report it.' };
}

/**
 * A 200 to read, or the failure any other answer is. `rejected` names what holds the credential, for
 * the reason and remedy ("the route's key", "the management key"). A 429's wait is said by the poller,
 * which alone knows how long it will wait.
 */
export function answered(out: HttpOutcome, what: string, rejected: { credential: string; remedy: string }, now: Date): { response: HttpResponse } | Failed {
  if (!out.ok) return { ok: false, code: 'unreachable', reason: `${what}: ${out.error.message}.`, remedy: 'The light comes from the route checks; the usage is read again at the next reading.' };
  const r = out.response;
  if (r.status === 401 || r.status === 403) return { ok: false, code: 'key-rejected', reason: `${what} rejected ${rejected.credential} (HTTP ${r.status}).`, remedy: rejected.remedy };
  if (r.status === 429) {
    const wait = retryAfterMs(r, now);
    return { ok: false, code: 'rate-limited', reason: `${what} asked RouteLights to slow down (HTTP 429).`, remedy: 'RouteLights waits before it reads again.', ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
  }
  if (r.status === 404 || r.status === 405) return { ok: false, code: 'no-usage-endpoint', reason: `${what} does not exist here (HTTP ${r.status}).`, remedy: 'If this origin is a gateway in front of the provider, it does not pass the usage endpoint through; declare its kind only if it does.' };
  if (r.status !== 200) return unreadable(what, r, `HTTP ${r.status}`);
  return { response: r };
}

export function parseJson(response: HttpResponse): unknown {
  try {
    return JSON.parse(response.body) as unknown;
  } catch {
    return undefined;
  }
}

/** A number from a JSON value that may be a number or a numeric string; null otherwise. */
export function num(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

/** A time as ISO text, from epoch seconds or ms or a date string; null when unreadable, out of range, or not after 1970. */
export function isoTime(value: unknown): string | null {
  const n = num(value);
  const at = n !== null ? (n <= 0 ? NaN : n < 1e12 ? n * 1000 : n) : typeof value === 'string' ? Date.parse(value) : NaN;
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** A share used, 0 to 100, from a percentage as given (clamped), or null. */
export function share(percent: number | null): number | null {
  return percent === null ? null : Math.max(0, Math.min(100, percent));
}

/** The share of `limit` that `used` is, 0 to 100; a limit of 0 is all used (nothing may be spent). */
export function percentOf(used: number | null, limit: number | null): number | null {
  if (used === null || limit === null || limit < 0) return null;
  return limit === 0 ? 100 : share((used / limit) * 100);
}
