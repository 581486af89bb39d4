// The bridge under abuse: connections and event streams past their caps are answered 503 with
// Retry-After, a client that sends slowly is cut within seconds, a client without the token cannot hold
// its connection, bodies that are not JSON and malformed paths are refused, and many streams share one
// subscription to the service (no MaxListenersExceededWarning). The app's socket keeps the same caps.
import { realpathSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeLimits } from '../../app/bridge/limits.ts';
import { BridgeMetrics } from '../../app/bridge/metrics.ts';
import { startBridge, type Bridge } from '../../app/bridge/server.ts';
import { startSocketBridge } from '../../app/bridge/socket-server.ts';
import { socketPathFor } from '../../app/bridge/socket-path.ts';
import { RouteLightsService } from '../../app/service.ts';
import { scratchDir } from '../helpers/scratch.ts';

const TOKEN = 'limits-token-abcdefghijklmnopqrstuvwxyz';
const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
let service: RouteLightsService;
let home: string;

beforeAll(async () => {
  home = scratchDir('rl-limits-');
  const settingsPath = join(home, 'settings.json');
  writeFileSync(settingsPath, '{ "customModels": [] }');
  service = new RouteLightsService({ settingsPath, env: { PATH: process.env.PATH, HOME: home, ROUTELIGHTS_HOME: join(home, 'data'), ROUTELIGHTS_KEYCHAIN: 'off' }, store: null, droidPath: join(home, 'no-droid') });
  await service.start();
});
afterAll(() => service?.stop());

/** A bridge of its own for each test, so that no test's connections count against another's cap. */
async function withBridge(limits: Partial<BridgeLimits>, work: (bridge: Bridge) => Promise<void>): Promise<void> {
  const bridge = await startBridge({ api: service, token: TOKEN, staticDir: null, metrics: new BridgeMetrics(), limits });
  try {
    await work(bridge);
  } finally {
    await bridge.close();
  }
}

interface Answer {
  status: number;
  body: string;
  headers: IncomingMessage['headers'];
}

function ask(target: { port: number } | { socketPath: string }, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const where = 'port' in target ? { host: '127.0.0.1', port: target.port, headers: { host: `127.0.0.1:${target.port}`, ...options.headers } } : { socketPath: target.socketPath, headers: options.headers };
    const req = request({ ...where, path, method: options.method ?? 'GET', agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** An event stream held open; resolves once the bridge said `: connected`, or with the refusal. */
function openStream(target: { port: number } | { socketPath: string }): Promise<{ status: number; body: string; headers: IncomingMessage['headers']; received: () => string; close: () => void }> {
  return new Promise((resolve, reject) => {
    const where = 'port' in target ? { host: '127.0.0.1', port: target.port, headers: { host: `127.0.0.1:${target.port}`, authorization: auth.authorization } } : { socketPath: target.socketPath };
    const req = request({ ...where, path: '/api/events', agent: false }, (res) => {
      let text = '';
      const answer = { status: res.statusCode ?? 0, headers: res.headers, received: () => text, close: () => req.destroy() };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (res.statusCode === 200 && text.includes(': connected')) resolve({ ...answer, body: '' });
      });
      res.on('end', () => resolve({ ...answer, body: text }));
      res.on('error', () => undefined);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * A raw connection, to send as slowly (or as little) as an attacker would; `closedAfter` is when it
 * closed. A `stubborn` one does not close its side when the bridge ends the answer: it closes only once
 * a write of its own fails, that is once the bridge has let go of the connection.
 */
function rawSocket(port: number, stubborn = false): Promise<{ socket: Socket; received: () => string; closedAfter: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: stubborn });
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    const closedAfter = new Promise<number>((done) => socket.once('close', () => done(Date.now() - started)));
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve({ socket, received: () => text, closedAfter }));
    socket.once('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function failureIn(answer: { body: string }) {
  return (JSON.parse(answer.body) as { error: { layer: string; code: string; reason: string; remedy: string } }).error;
}

describe('caps', () => {
  it('a connection past the cap is answered 503 with Retry-After and a Failure; once one closes, requests are served again', async () => {
    await withBridge({ maxConnections: 4 }, async (bridge) => {
      // Four kept-alive connections, each proven accepted by an answer.
      const held = await Promise.all(Array.from({ length: 4 }, () => rawSocket(bridge.port)));
      for (const { socket } of held) socket.write(`GET /nothing HTTP/1.1\r\nHost: 127.0.0.1:${bridge.port}\r\n\r\n`);
      for (const { received } of held) while (!received().includes('\r\n\r\n')) await sleep(10);

      const refused = await ask(bridge, '/api/snapshot', { method: 'POST', headers: auth, body: '{}' });
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('5');
      expect(refused.headers.connection).toBe('close');
      expect(failureIn(refused)).toMatchObject({ layer: 'bridge', code: 'over-capacity', reason: expect.stringMatching(/connections/), remedy: expect.stringMatching(/ROUTELIGHTS_MAX_CONNECTIONS/) });

      held[0]!.socket.destroy();
      await held[0]!.closedAfter;
      await expect.poll(async () => (await ask(bridge, '/api/snapshot', { method: 'POST', headers: auth, body: '{}' })).status).toBe(200);
      for (const { socket } of held) socket.destroy();
    });
  });

  it('a connection past the cap that sends nothing still gets its 503 and is let go at once, not kept', async () => {
    await withBridge({ maxConnections: 2 }, async (bridge) => {
      const held = await Promise.all(Array.from({ length: 2 }, () => rawSocket(bridge.port)));
      const idle = await rawSocket(bridge.port, true);
      await expect.poll(idle.received, { timeout: 1_000 }).toMatch(/^HTTP\/1\.1 503 .*\r\nretry-after: 5\r\n.*"code":"over-capacity".*\}\}$/s);
      // Stubborn as it is, its writes fail at once: the bridge no longer holds the connection.
      const drip = setInterval(() => idle.socket.writable && idle.socket.write('GET / HTTP/1.1\r\n'), 50);
      try {
        expect(await idle.closedAfter).toBeLessThan(1_000);
      } finally {
        clearInterval(drip);
      }
      for (const { socket } of held) socket.destroy();
    });
  });

  it('an event stream past the cap is answered 503 with Retry-After; closing one makes room', async () => {
    await withBridge({ maxStreams: 3 }, async (bridge) => {
      const streams = await Promise.all(Array.from({ length: 3 }, () => openStream(bridge)));
      expect(streams.map((s) => s.status)).toEqual([200, 200, 200]);
      const refused = await openStream(bridge);
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('5');
      expect(failureIn(refused)).toMatchObject({ code: 'over-capacity', reason: expect.stringMatching(/event streams/) });

      streams[0]!.close();
      await expect.poll(async () => {
        const again = await openStream(bridge);
        again.close();
        return again.status;
      }).toBe(200);
      for (const s of streams) s.close();
    });
  });

  it('50 event streams share one subscription: no MaxListenersExceededWarning, and every stream still gets each event', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      await withBridge({ maxStreams: 64, maxConnections: 128 }, async (bridge) => {
        const streams = await Promise.all(Array.from({ length: 50 }, () => openStream(bridge)));
        expect(streams.every((s) => s.status === 200)).toBe(true);
        const { checkedAt } = JSON.parse((await ask(bridge, '/api/refresh', { method: 'POST', headers: auth, body: '{}' })).body) as { checkedAt: string };
        await expect.poll(() => streams.filter((s) => s.received().includes(`"checkedAt":"${checkedAt}"`)).length).toBe(50);
        for (const s of streams) s.close();
      });
      // Node reports the warning on a later tick.
      await sleep(100);
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message)).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('slow clients', () => {
  it('a client that trickles its headers, or sends nothing at all, is cut within seconds', async () => {
    await withBridge({ headersTimeoutMs: 1_000 }, async (bridge) => {
      const trickler = await rawSocket(bridge.port, true);
      trickler.socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      const drip = setInterval(() => trickler.socket.writable && trickler.socket.write('X-Slow: a\r\n'), 200);
      const silent = await rawSocket(bridge.port);
      try {
        expect(await trickler.closedAfter).toBeLessThan(3_000);
        expect(await silent.closedAfter).toBeLessThan(3_000);
        expect(trickler.received()).toMatch(/^HTTP\/1\.1 408/);
      } finally {
        clearInterval(drip);
      }
    });
  });

  it('a body that does not arrive within the deadline is answered 408 with a Failure, and the connection closed', async () => {
    await withBridge({ bodyTimeoutMs: 500 }, async (bridge) => {
      const slow = await rawSocket(bridge.port, true);
      slow.socket.write(`POST /api/lint HTTP/1.1\r\nHost: 127.0.0.1:${bridge.port}\r\nAuthorization: ${auth.authorization}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"entries": [`);
      const drip = setInterval(() => slow.socket.writable && slow.socket.write(' '), 100);
      try {
        expect(await slow.closedAfter).toBeLessThan(2_500);
        expect(slow.received()).toMatch(/^HTTP\/1\.1 408/);
        expect(slow.received()).toContain('"code":"too-slow"');
      } finally {
        clearInterval(drip);
      }
    });
  });

  it('a client without the token gets 401 at once and the connection closes, however slowly it sends its body', async () => {
    await withBridge({}, async (bridge) => {
      const slow = await rawSocket(bridge.port, true);
      slow.socket.write(`POST /api/snapshot HTTP/1.1\r\nHost: 127.0.0.1:${bridge.port}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{`);
      const drip = setInterval(() => slow.socket.writable && slow.socket.write('a'), 100);
      try {
        expect(await slow.closedAfter).toBeLessThan(1_500);
        expect(slow.received()).toMatch(/^HTTP\/1\.1 401/);
        expect(slow.received()).toMatch(/connection: close/i);
      } finally {
        clearInterval(drip);
      }
    });
  });
});

describe('what a request may carry', () => {
  it('a body that is not JSON (text/plain, a form) is refused 415 before it reaches a method; JSON and an empty POST are served', async () => {
    await withBridge({}, async (bridge) => {
      for (const type of ['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const answer = await ask(bridge, '/api/refresh', { method: 'POST', headers: { ...auth, 'content-type': type }, body: '{}' });
        expect(answer.status, type).toBe(415);
        expect(failureIn(answer)).toMatchObject({ code: 'unsupported-media-type', remedy: expect.stringMatching(/application\/json/) });
      }
      const untyped = await ask(bridge, '/api/refresh', { method: 'POST', headers: { authorization: auth.authorization }, body: '{}' });
      expect(untyped.status).toBe(415);
      expect((await ask(bridge, '/api/snapshot', { method: 'POST', headers: { ...auth, 'content-type': 'application/json; charset=utf-8' }, body: '{}' })).status).toBe(200);
      expect((await ask(bridge, '/api/snapshot', { method: 'POST', headers: { authorization: auth.authorization } })).status).toBe(200);
    });
  });

  it('a malformed percent-encoding is a 400 with a bad-url Failure, not a 500', async () => {
    await withBridge({}, async (bridge) => {
      for (const path of ['/%E0%A4%A', '/api/%E0%A4%A', '/%']) {
        const answer = await ask(bridge, path, { headers: { authorization: auth.authorization } });
        expect(answer.status, path).toBe(400);
        expect(failureIn(answer)).toMatchObject({ layer: 'bridge', code: 'bad-url' });
      }
    });
  });
});

describe("the app's Unix socket", () => {
  it('holds the same caps: a stream or a connection past its cap is 503, and a malformed path is 400', async () => {
    const dataDir = join(scratchDir('rl-limits-socket-'), 'data');
    const socket = await startSocketBridge(service, socketPathFor(dataDir, join(home, 'settings.json')), { limits: { maxStreams: 1, maxConnections: 2 } });
    // Scratch paths are past the Unix limit: the socket is bound elsewhere and linked (socket-server.ts).
    const socketPath = realpathSync(socket.path);
    try {
      const first = await openStream({ socketPath });
      expect(first.status).toBe(200);
      const second = await openStream({ socketPath });
      expect(second.status).toBe(503);
      expect(failureIn(second)).toMatchObject({ code: 'over-capacity' });
      expect((await ask({ socketPath }, '/api/%E0%A4%A')).status).toBe(400);
      // The stream is one connection, this idle one the second: the cap is reached.
      const idle = connect({ path: socketPath });
      idle.on('error', () => undefined);
      await expect.poll(async () => (await ask({ socketPath }, '/api/about', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(503);
      idle.destroy();
      first.close();
    } finally {
      await socket.close();
    }
  });
});
