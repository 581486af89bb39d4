// The HTTP bridge behind `routelights serve`: the API as JSON over HTTP and events as server-sent
// events, on 127.0.0.1 only. Every API request (and /metrics) carries the bearer token; a Host that is
// not this loopback address and port (DNS rebinding) or an Origin of another site is refused; bodies are
// capped and schema-checked; answers pass the redactor and never carry a stack trace.
import { timingSafeEqual } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { ZodError } from 'zod';
import { METHODS, type MethodName, type RouteLightsApi } from '../api/contract.ts';
import { redactor } from '../secrets/redact.ts';
import { ServiceError } from '../service.ts';
import type { BridgeMetrics } from './metrics.ts';

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

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.ico': 'image/x-icon', '.woff2': 'font/woff2' };
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = redactor.redact(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

function problem(res: ServerResponse, status: number, code: string, reason: string, remedy: string): void {
  send(res, status, { error: { layer: 'bridge', code, reason, remedy } });
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readBody(req: IncomingMessage, max: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describeZod(error: ZodError): string {
  return error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  let port = options.port ?? 0;
  const hosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  const streams = new Set<ServerResponse>();

  const authorized = (req: IncomingMessage): boolean => {
    const header = req.headers.authorization ?? '';
    return header.startsWith('Bearer ') && sameToken(header.slice(7), options.token);
  };

  async function serveStatic(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (!options.staticDir || (req.method !== 'GET' && req.method !== 'HEAD')) return problem(res, 404, 'not-found', `Nothing at ${path}.`, 'The API lives under /api/.');
    const root = resolve(options.staticDir);
    const file = resolve(join(root, normalize(decodeURIComponent(path === '/' ? '/index.html' : path))));
    if (file !== root && !file.startsWith(root + sep)) return problem(res, 404, 'not-found', `Nothing at ${path}.`, 'Ask for a file of the window.');
    const stat = await fs.stat(file).catch(() => null);
    if (!stat?.isFile()) return problem(res, 404, 'not-found', `Nothing at ${path}.`, 'Ask for a file of the window.');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-cache' });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }

  function events(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-content-type-options': 'nosniff' });
    res.write(': connected\n\n');
    streams.add(res);
    const unsubscribe = options.api.subscribe((event) => res.write(`data: ${redactor.redact(JSON.stringify(event))}\n\n`));
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    });
  }

  async function api(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (!(method in METHODS)) return problem(res, 404, 'unknown-method', `The API has no method "${method}".`, `Use one of: ${Object.keys(METHODS).join(', ')}.`);
    if (req.method !== 'POST') return problem(res, 405, 'method-not-allowed', 'API calls are POST requests with a JSON body.', 'Send POST with Content-Type: application/json.');
    const body = await readBody(req, maxBody);
    if (body === null) {
      // The rest of the body is not read: close this connection so that no later request lands in it.
      res.setHeader('connection', 'close');
      res.on('finish', () => req.socket?.destroy());
      return problem(res, 413, 'too-large', `The request body is larger than ${maxBody} bytes.`, 'Send a smaller request.');
    }
    let parsed: unknown;
    try {
      parsed = body.trim() === '' ? {} : JSON.parse(body);
    } catch {
      return problem(res, 400, 'bad-json', 'The request body is not valid JSON.', 'Send a JSON object.');
    }
    const name = method as MethodName;
    const checked = METHODS[name].request.safeParse(parsed);
    if (!checked.success) return problem(res, 400, 'bad-request', `The request does not fit ${name}: ${describeZod(checked.error)}.`, 'Fix the fields named and send it again.');
    try {
      send(res, 200, await options.api.call(name, checked.data as never));
    } catch (error) {
      if (error instanceof ServiceError) return send(res, 422, { error: error.failure });
      return problem(res, 500, 'internal', `RouteLights failed while answering ${name}.`, 'Try again; if it persists, look at the terminal running routelights serve.');
    }
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (!hosts().has(req.headers.host ?? '')) return problem(res, 421, 'wrong-host', `This server answers only to 127.0.0.1:${port} or localhost:${port}.`, 'Open the URL that routelights serve printed.');
      const origin = req.headers.origin;
      if (origin !== undefined && !origins().has(origin)) return problem(res, 403, 'cross-site', 'Requests from other sites are refused.', 'Use the window that routelights serve printed.');
      const path = url.pathname;
      if (path === '/metrics' || path.startsWith('/api/')) {
        if (!authorized(req)) {
          res.setHeader('www-authenticate', 'Bearer realm="routelights"');
          return problem(res, 401, 'unauthorized', 'A valid bearer token is needed.', 'Send Authorization: Bearer <token> (the token in the URL routelights serve printed, or in --token-file).');
        }
        if (path === '/metrics') {
          res.writeHead(200, { 'content-type': options.metrics.registry.contentType });
          return void res.end(await options.metrics.text());
        }
        if (path === '/api/events') return events(res);
        return api(req, res, path.slice('/api/'.length));
      }
      return serveStatic(req, res, path);
    })().catch(() => {
      if (!res.headersSent) problem(res, 500, 'internal', 'RouteLights failed while answering.', 'Try again.');
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
        for (const s of streams) s.end();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
