// The preload's API and the bridge's client are made from the same contract: both carry exactly the
// contract's methods, both send each method under its own name, and both refuse a method it lacks.
import { describe, expect, it } from 'vitest';
import { METHODS, type RouteLightsApi } from '../../../app/api/contract.ts';
import { answerCall, CHANNELS, createIpcApi, METHOD_NAMES } from '../../../app/api/ipc.ts';
import { BridgeMetrics } from '../../../app/bridge/metrics.ts';
import { startBridge } from '../../../app/bridge/server.ts';

describe('IPC and HTTP cover the same contract', () => {
  it('the preload exposes exactly the contract methods and sends each under its name', async () => {
    expect([...METHOD_NAMES].sort()).toEqual(Object.keys(METHODS).sort());
    const sent: string[] = [];
    const api = createIpcApi(async (channel, method) => {
      expect(channel).toBe(CHANNELS.call);
      sent.push(String(method));
      return { ok: false, failure: { layer: 'ipc', code: 'test', reason: 'recorded', remedy: '' } };
    }, () => () => undefined);
    for (const m of METHOD_NAMES) await expect(api.call(m, {} as never)).rejects.toThrow('recorded');
    expect(sent).toEqual(METHOD_NAMES);
  });

  it('main answers only contract methods with valid requests', async () => {
    const fake: RouteLightsApi = { call: async () => ({ ok: true }) as never, subscribe: () => () => undefined };
    expect(await answerCall(fake, 'cancelSentinels', {})).toEqual({ ok: true, value: { ok: true } });
    for (const method of ['rm -rf', '__proto__', 'constructor', 'toString', 42, null]) expect(await answerCall(fake, method, {}), String(method)).toMatchObject({ ok: false, failure: { layer: 'ipc', code: 'unknown-method' } });
    expect(await answerCall(fake, 'keys.set', { name: 'bad name', value: 'x' })).toMatchObject({ ok: false, failure: { code: 'bad-request' } });
  });

  it('the bridge routes every contract method and no other', async () => {
    const seen: string[] = [];
    const fake: RouteLightsApi = { call: async (m) => (seen.push(m), null) as never, subscribe: () => () => undefined };
    const bridge = await startBridge({ api: fake, token: 'tttttttttttttttt', staticDir: null, metrics: new BridgeMetrics() });
    try {
      for (const m of METHOD_NAMES) {
        const res = await fetch(`${bridge.url}/api/${m}`, { method: 'POST', headers: { authorization: 'Bearer tttttttttttttttt', 'content-type': 'application/json' }, body: '{}' });
        expect(res.status, m).not.toBe(404);
      }
      for (const name of ['shutdown', '__proto__', 'constructor', 'toString']) {
        const res = await fetch(`${bridge.url}/api/${name}`, { method: 'POST', headers: { authorization: 'Bearer tttttttttttttttt', 'content-type': 'application/json' }, body: '{}' });
        expect(res.status, name).toBe(404);
        expect(await res.json(), name).toMatchObject({ error: { layer: 'bridge', code: 'unknown-method' } });
      }
      expect(seen.length).toBeGreaterThan(0);
    } finally {
      await bridge.close();
    }
  });
});

describe('events over the bridge', () => {
  it('a client that connects starts from the latest snapshot, without waiting for the next change', async () => {
    const latest = { checkedAt: '2026-11-25T10:00:00.000Z' };
    const fake: RouteLightsApi = { call: async (m) => (m === 'snapshot' ? latest : null) as never, subscribe: () => () => undefined };
    const bridge = await startBridge({ api: fake, token: 'tttttttttttttttt', staticDir: null, metrics: new BridgeMetrics() });
    const controller = new AbortController();
    try {
      const res = await fetch(`${bridge.url}/api/events`, { headers: { authorization: 'Bearer tttttttttttttttt' }, signal: controller.signal });
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      while (!text.includes('data: ')) text += (await reader.read()).value ?? '';
      while (!text.includes('\n\n', text.indexOf('data: '))) text += (await reader.read()).value ?? '';
      expect(JSON.parse(text.slice(text.indexOf('data: ') + 6, text.indexOf('\n\n', text.indexOf('data: '))))).toEqual({ type: 'snapshot', snapshot: latest });
    } finally {
      controller.abort();
      await bridge.close();
    }
  });
});
