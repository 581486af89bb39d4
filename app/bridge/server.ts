// The HTTP bridge behind `routelights serve`: the API (api-handler.ts) and the built window on
// 127.0.0.1 only, with /metrics. Every API request (and /metrics) carries the bearer token; a Host that
// is not this loopback address and port (DNS rebinding) or an Origin of another site is refused.
import { timingSafeEqual } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { RouteLightsApi } from '../api/contract.ts';
import { bridgeFailure, createApiHandler, sendFailure } from './api-handler.ts';
import type { BridgeMetrics } from './metrics.ts';
import { HEADER_CSP } from './page-policy.ts';

export interface BridgeOptions {
  api: RouteLightsApi;
  token: string;
  port?: number;
  /** The built renderer (index.html and its assets); null serves only the API. */
  staticDir: string | null;
  metrics: BridgeMetrics;
  maxBodyBytes?: number;
}

export interface Bridge {
  port: number;
  url: string;
  close: () => Promise<void>;
}

export const MAX_BODY_BYTES = 1024 * 1024;

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.ico': 'image/x-icon', '.woff2': 'font/woff2' };

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  let port = options.port ?? 0;
  const hosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  const api = createApiHandler(options.api, options.maxBodyBytes ?? MAX_BODY_BYTES);

  const authorized = (req: IncomingMessage): boolean => {
    const header = req.headers.authorization ?? '';
    return header.startsWith('Bearer ') && sameToken(header.slice(7), options.token);
  };

  async function serveStatic(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const missing = bridgeFailure('not-found', `Nothing at ${path}.`, 'The API lives under /api/; the window at /.');
    if (!options.staticDir || (req.method !== 'GET' && req.method !== 'HEAD')) return sendFailure(res, missing);
    const root = resolve(options.staticDir);
    const file = resolve(join(root, normalize(decodeURIComponent(path === '/' ? '/index.html' : path))));
    if (file !== root && !file.startsWith(root + sep)) return sendFailure(res, missing);
    const stat = await fs.stat(file).catch(() => null);
    if (!stat?.isFile()) return sendFailure(res, missing);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': HEADER_CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-cache' });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (!hosts().has(req.headers.host ?? '')) return sendFailure(res, bridgeFailure('wrong-host', `This server answers only to 127.0.0.1:${port} or localhost:${port}.`, 'Open the URL that routelights serve printed.'));
      const origin = req.headers.origin;
      if (origin !== undefined && !origins().has(origin)) return sendFailure(res, bridgeFailure('cross-site', 'Requests from other sites are refused.', 'Use the window that routelights serve printed.'));
      const path = url.pathname;
      if (path === '/metrics' || path.startsWith('/api/')) {
        if (!authorized(req)) {
          res.setHeader('www-authenticate', 'Bearer realm="routelights"');
          return sendFailure(res, bridgeFailure('unauthorized', 'A valid bearer token is needed.', 'Send the token as a bearer token in the authorization header: it is in the URL routelights serve printed (after #token=), or in its --token-file.'));
        }
        if (path === '/metrics') {
          res.writeHead(200, { 'content-type': options.metrics.registry.contentType });
          return void res.end(await options.metrics.text());
        }
        return api.handle(req, res, path.slice('/api/'.length));
      }
      return serveStatic(req, res, path);
    })().catch(() => {
      if (!res.headersSent) sendFailure(res, bridgeFailure('internal', 'RouteLights failed while answering.', 'Try again.'));
      else res.end();
    });
  });
  const unsubscribeMetrics = options.api.subscribe((event) => options.metrics.observe(event));
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        unsubscribeMetrics();
        api.close();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
