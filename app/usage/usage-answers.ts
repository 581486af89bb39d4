// The answers every usage endpoint can give besides a reading: a network failure, a rejected key, a
// 429, a missing endpoint, something that is not a reading. Each becomes a reason and a remedy that
// names the endpoint and never quotes a header or a key.
import type { HttpOutcome, HttpResponse } from '../surfaces/http.ts';
import { looksLikeHtml } from '../surfaces/http-verdicts.ts';
import type { UsageOutcome } from './usage-types.ts';

type Failed = Extract<UsageOutcome, { ok: false }>;

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
 * The outcome of a request that is not a reading, or null when the answer is a 200 to read. `rejected`
 * names what holds the credential, for the remedy ("the route's key", "the management key").
 */
export function failedAnswer(out: HttpOutcome, what: string, rejected: { credential: string; remedy: string }, now: Date): Failed | null {
  if (!out.ok) return { ok: false, code: 'unreachable', reason: `${what}: ${out.error.message}.`, remedy: 'The light comes from the route checks; the usage is read again at the next reading.' };
  const r = out.response;
  if (r.status === 401 || r.status === 403) return { ok: false, code: 'key-rejected', reason: `${what} rejected ${rejected.credential} (HTTP ${r.status}).`, remedy: rejected.remedy };
  if (r.status === 429) {
    const wait = retryAfterMs(r, now);
    return { ok: false, code: 'rate-limited', reason: `${what} asked RouteLights to slow down (HTTP 429).`, remedy: `RouteLights waits ${wait !== undefined ? `${Math.ceil(wait / 60_000)} min, as the answer asks,` : 'longer'} before it reads again.`, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
  }
  if (r.status === 404 || r.status === 405) return { ok: false, code: 'no-usage-endpoint', reason: `${what} does not exist here (HTTP ${r.status}).`, remedy: 'If this origin is a gateway in front of the provider, it does not pass the usage endpoint through; declare its kind only if it does.' };
  if (r.status !== 200) return unreadable(what, r, `HTTP ${r.status}`);
  return null;
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

/** A time as ISO text, from epoch seconds or ms, or a date string; null when unreadable. */
export function isoTime(value: unknown): string | null {
  const n = num(value);
  if (n !== null) return new Date(n < 1e12 ? n * 1000 : n).toISOString();
  if (typeof value === 'string') {
    const at = Date.parse(value);
    return Number.isNaN(at) ? null : new Date(at).toISOString();
  }
  return null;
}

export function percentOf(used: number | null, limit: number | null): number | null {
  return used !== null && limit !== null && limit > 0 ? Math.min(100, (used / limit) * 100) : null;
}
