// The CLI's side of the app's Unix socket: the same contract as the HTTP bridge, spoken with node:http
// (no fetch, no undici: a command that finds the app running answers in a few tens of milliseconds).
// The socket's mode (0600, in the user's own data folder) is the authentication.
import { request, type IncomingMessage } from 'node:http';
import { lstatSync, realpathSync } from 'node:fs';
import type { About, ApiEvent, Call, MethodName, Request, Response, RouteLightsApi, SubscribeOptions } from '../api/contract.ts';
import { FailureError } from '../model/failure.ts';
import { readAnswer, readEvents } from './answer.ts';
import { MAX_SOCKET_PATH } from './socket-path.ts';

export interface SocketApi extends RouteLightsApi {
  close(): void;
}

/** A long socket path is a link to where the socket was really bound (see socket-server.ts). */
function reachable(path: string): string {
  if (Buffer.byteLength(path) <= MAX_SOCKET_PATH) return path;
  try {
    return lstatSync(path).isSymbolicLink() ? realpathSync(path) : path;
  } catch {
    return path;
  }
}

function unreachable(error: Error): FailureError {
  return new FailureError({ layer: 'bridge', code: 'unreachable', reason: `The running RouteLights stopped answering on its socket (${(error as NodeJS.ErrnoException).code ?? error.message}).`, remedy: 'Run the command again: with no app running, it runs on its own.' });
}

export function socketApi(path: string, timeoutMs?: number): SocketApi {
  const socketPath = reachable(path);
  const open = new Set<IncomingMessage>();

  const call: Call = <M extends MethodName>(method: M, body: Request<M>) =>
    new Promise<Response<M>>((resolve, reject) => {
      // No shared agent: its idle-socket timeout (5 s) would cut a sentinel run that rightly stays silent longer.
      const req = request({ socketPath, path: `/api/${method}`, method: 'POST', agent: false, headers: { host: 'routelights', 'content-type': 'application/json' }, ...(timeoutMs ? { timeout: timeoutMs } : {}) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => reject(unreachable(e)));
        res.on('end', () => {
          try {
            resolve(readAnswer(method, res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
          } catch (error) {
            reject(error as Error);
          }
        });
      });
      if (timeoutMs) req.on('timeout', () => req.destroy(Object.assign(new Error('no answer in time'), { code: 'ETIMEDOUT' })));
      req.on('error', (e) => reject(unreachable(e)));
      req.end(JSON.stringify(body));
    });

  function subscribe(listener: (event: ApiEvent) => void, options: SubscribeOptions = {}): () => void {
    let stream: IncomingMessage | null = null;
    let stopped = false;
    const req = request({ socketPath, path: `/api/events${options.window ? '?window' : ''}`, method: 'GET', agent: false, headers: { host: 'routelights' } }, (res) => {
      if (stopped) return void res.destroy();
      stream = res;
      open.add(res);
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const { events, rest } = readEvents(buffer + chunk);
        buffer = rest;
        events.forEach(listener);
      });
      res.on('close', () => open.delete(res));
    });
    req.on('error', () => undefined);
    req.end();
    return () => {
      stopped = true;
      stream?.destroy();
      req.destroy();
    };
  }

  return {
    call,
    subscribe,
    close: () => {
      for (const s of open) s.destroy();
    },
  };
}

/** The running RouteLights for this socket, or null when none answers (no file, a stale one, or a hung app). */
export async function reachRunning(path: string, timeoutMs = 2_000): Promise<{ api: SocketApi; about: About } | null> {
  // Only this first question has a deadline: a sentinel run may rightly stay silent for a minute.
  const probe = socketApi(path, timeoutMs);
  try {
    return { api: socketApi(path), about: await probe.call('about', {}) };
  } catch {
    return null;
  } finally {
    probe.close();
  }
}
