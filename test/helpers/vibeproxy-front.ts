// A stand-in for VibeProxy's own front proxy (ThinkingProxy on :8317; the real one is a macOS app):
// it forwards /v1… to the engine (a real CLIProxyAPI) and answers 502 "Bad Gateway" in plain text when
// the engine is down, as VibeProxy does. Any other path would go to an outside service there, so here
// it is counted: tests assert RouteLights never asks for one.
import { createServer, request, type Server } from 'node:http';
import { listenLoopback } from './tools.ts';

export interface VibeProxyFront {
  url: string;
  port: number;
  outsidePaths: string[];
  close: () => Promise<void>;
}

export async function startVibeProxyFront(enginePort: number): Promise<VibeProxyFront> {
  const outsidePaths: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (!/^\/(api\/)?v1(beta)?\//.test(path)) {
      outsidePaths.push(path);
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('forwarded outside (stand-in)');
      return;
    }
    const upstream = request({ host: '127.0.0.1', port: enginePort, path, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => {
      res.writeHead(502, { 'content-type': 'text/plain', connection: 'close' });
      res.end('Bad Gateway');
    });
    req.pipe(upstream);
  });
  const listening = await listenLoopback(server);
  return { url: listening.url, port: listening.port, outsidePaths, close: listening.close };
}
