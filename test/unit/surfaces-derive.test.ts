// Surfaces derived from routes: one per origin, with the kind that decides how it is probed.
import { describe, expect, it } from 'vitest';
import type { Route } from '../../app/model/route.ts';
import { deriveSurfaces, surfaceFor, surfaceOptionsFromEnv } from '../../app/surfaces/derive.ts';

const options = surfaceOptionsFromEnv({ ROUTELIGHTS_LITELLM_PORTS: '4100' });
const r = (baseUrl: string, provider = 'generic-chat-completion-api') => ({ baseUrl, provider });

describe('surfaces', () => {
  it('kinds by port and host', () => {
    expect(surfaceFor(r('http://localhost:8317/v1'), options)?.kind).toBe('vibeproxy');
    expect(surfaceFor(r('http://localhost:8317', 'anthropic'), options)?.kind).toBe('vibeproxy');
    expect(surfaceFor(r('http://127.0.0.1:4000/v1'), options)?.kind).toBe('litellm');
    expect(surfaceFor(r('http://10.1.2.3:4100/v1'), options)?.kind).toBe('litellm');
    expect(surfaceFor(r('https://api.z.ai/api/coding/paas/v4'), options)?.kind).toBe('zai');
    expect(surfaceFor(r('https://open.bigmodel.cn/api/coding/paas/v4'), options)?.kind).toBe('zai');
    expect(surfaceFor(r('https://api.kimi.com/coding/v1'), options)?.kind).toBe('kimi');
    expect(surfaceFor(r('https://api.example.com/v1'), options)?.kind).toBe('openai-compatible');
    expect(surfaceFor(r('https://api.example.com', 'anthropic'), options)?.kind).toBe('anthropic-compatible');
    expect(surfaceFor(r('not a url'), options)).toBeNull();
  });

  it('one surface per origin, however many routes share it', () => {
    const routes = [r('http://localhost:8317/v1'), r('http://localhost:8317', 'anthropic'), r('http://127.0.0.1:4000/v1'), r('http://127.0.0.1:4000/v1')] as Route[];
    const surfaces = deriveSurfaces(routes, options);
    expect(surfaces.map((s) => s.origin)).toEqual(['http://localhost:8317', 'http://127.0.0.1:4000']);
  });
});
