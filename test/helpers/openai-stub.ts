// A local OpenAI-compatible server that stands in for a remote provider in tests: it lists models and
// answers chat completions (streamed or not) with the token the prompt asks for ("Reply exactly: X").
// Each request is recorded (method, path, bearer, every header) so tests can count probes and check which key arrived.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenLoopback } from './tools.ts';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  /** The Anthropic-style key header and API version, when sent. */
  xApiKey: string | undefined;
  anthropicVersion: string | undefined;
  /** Every header with its name cased as sent (Droid keeps extraHeaders' casing). */
  headers: Record<string, string>;
  body: string;
}

export type StubBehaviour =
  | { kind: 'ok' }
  | { kind: 'status'; status: number; body: unknown }
  | { kind: 'hang' };

export interface OpenAiStub {
  url: string;
  port: number;
  requests: RecordedRequest[];
  models: string[];
  behaviour: StubBehaviour;
  /** TCP connections accepted so far (keep-alive shows as few connections for many requests). */
  connections: number;
  close: () => Promise<void>;
}

function rawHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) out[req.rawHeaders[i]!] = req.rawHeaders[i + 1]!;
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** The text a chat request asks to be echoed: whatever follows "Reply exactly:" in the last user message. */
export function requestedToken(body: string): string {
  try {
    const parsed = JSON.parse(body) as { messages?: Array<{ role: string; content: unknown }> };
    const texts = (parsed.messages ?? [])
      .filter((m) => m.role === 'user')
      .map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content)));
    const last = texts.at(-1) ?? '';
    return /Reply exactly:\s*([A-Za-z0-9_\-.]+)/.exec(last)?.[1] ?? 'NO_TOKEN_FOUND';
  } catch {
    return 'NO_TOKEN_FOUND';
  }
}

function completion(res: ServerResponse, model: string, content: string, stream: boolean): void {
  const id = `chatcmpl-${Date.now()}`;
  const created = Math.floor(Date.now() / 1000);
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id, object: 'chat.completion', created, model, choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 } }));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const chunk = (delta: object, finish: string | null, extra: object = {}) =>
    res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`);
  chunk({ role: 'assistant', content: '' }, null);
  chunk({ content }, null);
  chunk({}, 'stop', { usage: { prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 } });
  res.end('data: [DONE]\n\n');
}

export async function startOpenAiStub(options: { models?: string[]; port?: number; keepAliveTimeoutMs?: number } = {}): Promise<OpenAiStub> {
  const stub: Partial<OpenAiStub> = { requests: [], models: options.models ?? ['echo'], behaviour: { kind: 'ok' } };
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = req.url ?? '/';
    stub.requests!.push({ method: req.method ?? 'GET', path, authorization: req.headers.authorization, xApiKey: req.headers['x-api-key'] as string | undefined, anthropicVersion: req.headers['anthropic-version'] as string | undefined, headers: rawHeaders(req), body });
    const behaviour = stub.behaviour!;
    if (behaviour.kind === 'hang') return;
    if (behaviour.kind === 'status') {
      res.writeHead(behaviour.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(behaviour.body));
      return;
    }
    if (req.method === 'GET' && /\/models\/?$/.test(path.split('?')[0]!)) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: stub.models!.map((id) => ({ id, object: 'model', created: 0, owned_by: 'stub' })) }));
      return;
    }
    if (req.method === 'POST' && path.includes('/chat/completions')) {
      const parsed = JSON.parse(body || '{}') as { model?: string; stream?: boolean; messages?: unknown };
      if (!Array.isArray(parsed.messages)) {
        // As OpenAI answers a request without messages (RouteLights' path check sends `{}`).
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: "Missing required parameter: 'messages'.", type: 'invalid_request_error', param: 'messages', code: null } }));
        return;
      }
      completion(res, parsed.model ?? 'echo', requestedToken(body), parsed.stream === true);
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `stub: no route for ${req.method} ${path}`, type: 'not_found' } }));
  });
  if (options.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = options.keepAliveTimeoutMs;
  const listening = await listenLoopback(server, options.port);
  stub.port = listening.port;
  stub.url = listening.url;
  stub.close = listening.close;
  Object.defineProperty(stub, 'connections', { get: listening.connections });
  return stub as OpenAiStub;
}
