// One probe per (surface, key) per cycle, however many routes share it: 50 routes on 5 surfaces cost 5
// model-list requests a cycle (counted at the servers), and keep-alive reuses the sockets across cycles.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startOpenAiStub, type OpenAiStub } from '../helpers/openai-stub.ts';
import { testMonitor } from '../helpers/monitor.ts';
import { scratchDir } from '../helpers/scratch.ts';

const servers: OpenAiStub[] = [];
beforeAll(async () => {
  for (let i = 0; i < 5; i++) servers.push(await startOpenAiStub({ models: Array.from({ length: 10 }, (_, j) => `m-${i}-${j}`) }));
});
afterAll(async () => Promise.all(servers.map((s) => s.close())));

it('50 routes on 5 surfaces: 5 probes a cycle, sockets reused', async () => {
  const dir = scratchDir();
  const path = join(dir, 'settings.json');
  const customModels = Array.from({ length: 50 }, (_, n) => {
    const s = servers[n % 5]!;
    return { model: `m-${n % 5}-${Math.floor(n / 5)}`, id: `custom:R-${n}`, index: n, baseUrl: `${s.url}/v1`, apiKey: '${SHARED_KEY}', provider: 'generic-chat-completion-api' };
  });
  writeFileSync(path, JSON.stringify({ customModels }, null, 2));
  const { monitor, dispatcher } = testMonitor(path, { SHARED_KEY: 'one-key-for-all' });
  const cycles = 3;
  for (let c = 0; c < cycles; c++) {
    const snapshot = await monitor.refreshNow();
    expect(snapshot.routes).toHaveLength(50);
    expect(snapshot.routes.every((r) => r.light === 'yellow')).toBe(true);
    expect(snapshot.surfaces).toHaveLength(5);
  }
  for (const s of servers) {
    const lists = s.requests.filter((r) => r.path.endsWith('/models'));
    expect(lists).toHaveLength(cycles);
    expect(lists.every((r) => r.authorization === 'Bearer one-key-for-all')).toBe(true);
  }
  await dispatcher.close();
});
