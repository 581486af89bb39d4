// The HTTP bridge behind `routelights serve`: the API (api-handler.ts), the built window and /metrics on
// 127.0.0.1 only, within limits.ts. API and /metrics need the bearer token (which the page of `serve --open`
// gets for a one-time code); a Host that is not this address and port, or another site's Origin, is refused.
import { timingSafeEqual } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { RouteLightsApi } from '../api/contract.ts';
import { bridgeFailure, createApiHandler, lastAnswer, receiveJson, requestPath, sendBadUrl, sendFailure } from './api-handler.ts';
import { capConnections, DEFAULT_LIMITS, timeoutOptions, type BridgeLimits } from './limits.ts';
import type { BridgeMetrics } from './metrics.ts';
import { oneTimeCodes } from './one-time-code.ts';
import { HEADER_CSP } from './page-policy.ts';

export interface BridgeOptions {
  api: RouteLightsApi;
  token: string;
  port?: number;
  /** The built renderer (index.html and its assets); null serves only the API. */
  staticDir: string | null;
  metrics: BridgeMetrics;
  limits?: Partial<BridgeLimits>;
  /** How long a one-time code stays good (one-time-code.ts). */
  codeTtlMs?: number;
}

export interface Bridge {
  port: number;
  url: string;
  /** A code that the page at this bridge can trade once for the token (POST /auth/exchange). */
  oneTimeCode: () => string;
  close: () => Promise<void>;
}

/** An exchange carries only `{ "code": … }`. */
const MAX_EXCHANGE_BYTES = 1024;

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.ico': 'image/x-icon', '.woff2': 'font/woff2' };

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  let port = options.port ?? 0;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const hosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  const api = createApiHandler(options.api, limits);
  const codes = oneTimeCodes({ ttlMs: options.codeTtlMs });

  const authorized = (req: IncomingMessage): boolean => {
    const header = req.headers.authorization ?? '';
    return /^bearer /i.test(header) && sameToken(header.slice(7), options.token);
  };

  async function serveStatic(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const missing = bridgeFailure('not-found', `Nothing at ${path.slice(0, 200)}.`, 'The API lives under /api/; the window at /.');
    if (!options.staticDir || (req.method !== 'GET' && req.method !== 'HEAD')) return sendFailure(res, missing);
    const root = resolve(options.staticDir);
    const file = resolve(join(root, normalize(path === '/' ? '/index.html' : path)));
    if (file !== root && !file.startsWith(root + sep)) return sendFailure(res, missing);
    const stat = await fs.stat(file).catch(() => null);
    if (!stat?.isFile()) return sendFailure(res, missing);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': HEADER_CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-cache' });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }

  /** The page opened by `serve --open` trades its one-time code for the token: once, within the code's TTL. */
  async function exchange(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return sendFailure(res, bridgeFailure('method-not-allowed', 'A code is exchanged with POST.', 'Send POST /auth/exchange with {"code": …}.'));
    const body = await receiveJson(req, res, { maxBodyBytes: MAX_EXCHANGE_BYTES, bodyTimeoutMs: limits.bodyTimeoutMs });
    if (!body) return;
    const code = (body.value as { code?: unknown } | null)?.code;
    if (typeof code !== 'string' || !codes.redeem(code)) {
      lastAnswer(res);
      return sendFailure(res, bridgeFailure('unauthorized', 'This one-time code is unknown, already used or expired.', 'Open the URL with #token= that routelights serve printed, or restart routelights serve --open for a new code.'));
    }
    // Written as is: the redactor's key shapes must not touch the one value this answer is for.
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    res.end(JSON.stringify({ token: options.token }));
  }

  const server: Server = createServer(timeoutOptions(limits), (req, res) => {
    if (refused(req.socket)) return void res.destroy();
    void (async () => {
      if (!hosts().has(req.headers.host ?? '')) return sendFailure(res, bridgeFailure('wrong-host', `This server answers only to 127.0.0.1:${port} or localhost:${port}.`, 'Open the URL that routelights serve printed.'));
      const origin = req.headers.origin;
      if (origin !== undefined && !origins().has(origin)) return sendFailure(res, bridgeFailure('cross-site', 'Requests from other sites are refused.', 'Use the window that routelights serve printed.'));
      const target = requestPath(req);
      if (!target) return sendBadUrl(res);
      const { path, query } = target;
      if (path === '/auth/exchange') return exchange(req, res);
      if (path === '/metrics' || path.startsWith('/api/')) {
        if (!authorized(req)) {
          res.setHeader('www-authenticate', 'Bearer realm="routelights"');
          // Nothing more is read from a client without the token: a body it trickles in holds nothing open.
          lastAnswer(res);
          return sendFailure(res, bridgeFailure('unauthorized', 'A valid bearer token is needed.', 'Send the token as a bearer token in the authorization header: it is in the URL routelights serve printed (after #token=), or in its --token-file.'));
        }
        if (path === '/metrics') {
          res.writeHead(200, { 'content-type': options.metrics.registry.contentType });
          return void res.end(await options.metrics.text());
        }
        return api.handle(req, res, path.slice('/api/'.length), query);
      }
      return serveStatic(req, res, path);
    })().catch(() => {
      if (!res.headersSent) sendFailure(res, bridgeFailure('internal', 'RouteLights failed while answering.', 'Try again.'));
      else res.end();
    });
  });
  const refused = capConnections(server, limits.maxConnections);
  const unsubscribeMetrics = options.api.subscribe((event) => options.metrics.observe(event));
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    oneTimeCode: () => codes.issue(),
    close: () =>
      new Promise<void>((done) => {
        unsubscribeMetrics();
        api.close();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
