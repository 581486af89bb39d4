// The one HTTP client of the probes (undici, keep-alive): every request has a connect timeout, a
// total deadline it always keeps (a hanging or dripping server costs at most that), a cap on the bytes
// it reads, and no redirect following. Errors come back as values that never carry a header or a key.
import { Agent, request, type Dispatcher } from 'undici';

export interface HttpOptions {
  method?: 'GET' | 'HEAD' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** The whole request, connect to last byte. */
  deadlineMs?: number;
  connectTimeoutMs?: number;
  maxBytes?: number;
  dispatcher?: Dispatcher;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** True when the body was longer than maxBytes and reading stopped there. */
  truncated: boolean;
  latencyMs: number;
}

export type NetErrorKind = 'refused' | 'timeout' | 'reset' | 'dns' | 'tls' | 'unreachable' | 'other';

export interface NetError {
  kind: NetErrorKind;
  /** A short description without any header value. */
  message: string;
  latencyMs: number;
}

export type HttpOutcome = { ok: true; response: HttpResponse } | { ok: false; error: NetError };

export const PROBE_DEFAULTS = { deadlineMs: 5_000, connectTimeoutMs: 2_000, maxBytes: 4 * 1024 * 1024 };

/** A keep-alive agent for all probes of a monitor: sockets are reused across cycles, not one per probe. */
export function createProbeAgent(): Agent {
  return new Agent({
    keepAliveTimeout: 60_000,
    keepAliveMaxTimeout: 120_000,
    connections: 8,
    connect: { timeout: PROBE_DEFAULTS.connectTimeoutMs },
    headersTimeout: PROBE_DEFAULTS.deadlineMs,
    bodyTimeout: PROBE_DEFAULTS.deadlineMs,
  });
}

let sharedAgent: Agent | null = null;
export function defaultAgent(): Agent {
  sharedAgent ??= createProbeAgent();
  return sharedAgent;
}

function classify(error: unknown, timedOut: boolean): Pick<NetError, 'kind' | 'message'> {
  if (timedOut) return { kind: 'timeout', message: 'no complete answer before the deadline' };
  const e = error as { code?: string; cause?: { code?: string }; message?: string };
  const code = e.code ?? e.cause?.code ?? '';
  if (code === 'ECONNREFUSED') return { kind: 'refused', message: 'connection refused (nothing listens there)' };
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return { kind: 'reset', message: 'the connection was reset mid-answer' };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { kind: 'dns', message: 'the host name does not resolve' };
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return { kind: 'unreachable', message: 'the host is unreachable from this machine' };
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'ETIMEDOUT') return { kind: 'timeout', message: 'no answer before the deadline' };
  if (/CERT|SSL|TLS/i.test(code) || /certificate|TLS/i.test(e.message ?? '')) return { kind: 'tls', message: `TLS failed (${code || 'certificate'})` };
  return { kind: 'other', message: code ? `network error ${code}` : 'network error' };
}

async function readCapped(body: Dispatcher.ResponseData['body'], maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    if (size + buf.length > maxBytes) {
      chunks.push(buf.subarray(0, maxBytes - size));
      body.destroy();
      return { text: Buffer.concat(chunks).toString('utf8'), truncated: true };
    }
    chunks.push(buf);
    size += buf.length;
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}

export async function httpRequest(url: string, options: HttpOptions = {}): Promise<HttpOutcome> {
  const started = performance.now();
  const deadlineMs = options.deadlineMs ?? PROBE_DEFAULTS.deadlineMs;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, deadlineMs);
  try {
    const response = await request(url, {
      method: options.method ?? 'GET',
      headers: options.headers ?? {},
      ...(options.body !== undefined ? { body: options.body } : {}),
      signal: controller.signal,
      dispatcher: options.dispatcher ?? defaultAgent(),
      headersTimeout: deadlineMs,
      bodyTimeout: deadlineMs,
    });
    const { text, truncated } = await readCapped(response.body, options.maxBytes ?? PROBE_DEFAULTS.maxBytes);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(response.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
    return { ok: true, response: { status: response.statusCode, headers, body: text, truncated, latencyMs: Math.round(performance.now() - started) } };
  } catch (error) {
    return { ok: false, error: { ...classify(error, timedOut), latencyMs: Math.round(performance.now() - started) } };
  } finally {
    clearTimeout(timer);
  }
}
