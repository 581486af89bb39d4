// How much of the machine a bridge lets its clients hold: connections, event streams, body size, and how
// long a request may take to arrive. Both listeners (loopback and the app's socket) apply them.
import { STATUS_CODES, type Server, type ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import { FailureError, type Failure } from '../model/failure.ts';
import { statusFor } from './answer.ts';

export interface BridgeLimits {
  maxConnections: number;
  maxStreams: number;
  maxBodyBytes: number;
  /** Until the request's headers are in; Node answers 408 and closes past it. */
  headersTimeoutMs: number;
  /** Until the whole request is in: the backstop for whatever the handler does not read itself. */
  requestTimeoutMs: number;
  /** Until an API call's body is in, from its headers on; answered 408 with a Failure. */
  bodyTimeoutMs: number;
}

// A window holds one stream and a few keep-alive connections, the CLI one connection per call: these
// leave room for a dozen windows and scripts, and bound what a runaway or hostile client can hold.
export const DEFAULT_LIMITS: BridgeLimits = { maxConnections: 64, maxStreams: 16, maxBodyBytes: 1024 * 1024, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, bodyTimeoutMs: 10_000 };

export const RETRY_AFTER_SECONDS = 5;

const ENV: Array<[name: string, key: 'maxConnections' | 'maxStreams']> = [
  ['ROUTELIGHTS_MAX_CONNECTIONS', 'maxConnections'],
  ['ROUTELIGHTS_MAX_STREAMS', 'maxStreams'],
];

/** The caps set in the environment; a value that is not a whole number from 1 up is refused, never ignored. */
export function limitsFromEnv(env: NodeJS.ProcessEnv): Partial<BridgeLimits> {
  const limits: Partial<BridgeLimits> = {};
  for (const [name, key] of ENV) {
    const text = env[name];
    if (text === undefined || text === '') continue;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) throw new FailureError({ layer: 'usage', code: 'bad-limit', reason: `${name}=${text.slice(0, 20)} is not a whole number from 1 up.`, remedy: `Set ${name} to a number such as ${DEFAULT_LIMITS[key]}, or unset it for that default.` });
    limits[key] = value;
  }
  return limits;
}

/** Node's own request deadlines for createServer. */
export function timeoutOptions(limits: BridgeLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    // Node looks for late requests only this often (every 30 s by default, which would stretch a 10 s deadline to 40 s).
    connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
  };
}

export function overCapacity(what: string): Failure {
  return { layer: 'bridge', code: 'over-capacity', reason: `RouteLights already serves as many ${what} as it allows.`, remedy: `Try again in ${RETRY_AFTER_SECONDS} s, or close another window or client; ROUTELIGHTS_MAX_CONNECTIONS and ROUTELIGHTS_MAX_STREAMS raise the caps of routelights serve.` };
}

/** The 503 a connection past the cap gets, whole, as soon as it is accepted: the same Failure body and headers as every other answer. */
function refusal(): Buffer {
  const failure = overCapacity('connections');
  const body = JSON.stringify({ error: failure });
  const status = statusFor(failure);
  return Buffer.from(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\ncache-control: no-store\r\nx-content-type-options: nosniff\r\nretry-after: ${RETRY_AFTER_SECONDS}\r\nconnection: close\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

/**
 * Caps the server's connections. One past the cap is answered 503 the moment it is accepted and let go
 * of as soon as that is written, before its request is read: it costs a file descriptor for
 * microseconds, however many come. Node's own `server.maxConnections` is not used: it closes such a
 * connection without a word, and a client could not tell a full bridge from a crashed one. Answering at
 * the request instead would hold every refused connection until its request came (or a deadline).
 * The request handler asks the returned function, and drops a request that a refused connection still
 * managed to send before it closed: that client has its 503, and the call must not run.
 */
export function capConnections(server: Server, max: number): (socket: Socket) => boolean {
  let open = 0;
  const refused = new WeakSet<Socket>();
  const answer = refusal();
  server.on('connection', (socket: Socket) => {
    if (open >= max) {
      refused.add(socket);
      socket.on('error', () => undefined);
      socket.write(answer);
      return void socket.destroySoon();
    }
    open++;
    socket.once('close', () => open--);
  });
  return (socket) => refused.has(socket);
}
