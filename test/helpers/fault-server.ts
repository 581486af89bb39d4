// A loopback server that misbehaves on purpose, one way per path: it hangs, drips a byte at a time,
// resets mid-body, sends 10 MB, sends invalid JSON, or an HTML error page. It counts requests and
// tracks its open sockets, so tests can check that probes end in time and do not leak connections.
import { createServer, type Server } from 'node:http';
import { listenLoopback } from './tools.ts';

export type Fault = 'hang' | 'drip' | 'reset' | 'huge' | 'invalid-json' | 'html' | 'ok';

export interface FaultServer {
  url: string;
  port: number;
  fault: Fault;
  requests: number;
  openSockets: () => number;
  close: () => Promise<void>;
}

export async function startFaultServer(fault: Fault): Promise<FaultServer> {
  const timers = new Set<NodeJS.Timeout>();
  const state = { fault, requests: 0 };
  const server: Server = createServer((req, res) => {
    state.requests++;
    switch (state.fault) {
      case 'hang':
        return;
      case 'drip': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const timer = setInterval(() => res.write(' '), 200);
        timers.add(timer);
        res.on('close', () => clearInterval(timer));
        return;
      }
      case 'reset':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"object":"list","data":[{"id":"a');
        setTimeout(() => req.socket.destroy(), 50);
        return;
      case 'huge': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 'x');
        let sent = 0;
        const pump = () => {
          while (sent < 10 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
        return;
      }
      case 'invalid-json':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"object":"list","data":[{"id": oops');
        return;
      case 'html':
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>');
        return;
      case 'ok':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [{ id: 'm', object: 'model', owned_by: 'fault' }] }));
    }
  });
  const listening = await listenLoopback(server);
  return {
    url: listening.url,
    port: listening.port,
    get fault() {
      return state.fault;
    },
    set fault(f: Fault) {
      state.fault = f;
    },
    get requests() {
      return state.requests;
    },
    openSockets: listening.openSockets,
    close: () => {
      for (const t of timers) clearInterval(t);
      return listening.close();
    },
  } as FaultServer;
}
