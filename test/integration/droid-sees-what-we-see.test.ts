// RouteLights' model of which routes Droid uses, checked against the real Droid CLI: for each tricky
// combination of settings.json, settings.local.json and legacy config.json, the ids Droid lists under
// "Available custom models:" are exactly the routes RouteLights calls effective; a trailing comma makes
// Droid list none, and RouteLights reports it as an error.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRouteMap, usedRoutes } from '../../app/settings/route-map.ts';
import { runDroid } from '../helpers/droid.ts';
import { scratchDir } from '../helpers/scratch.ts';
import { sources } from '../helpers/sources.ts';

const entry = (id: string, model = 'm') => `{ "model": "${model}", "id": "${id}", "baseUrl": "http://127.0.0.1:9/v1", "apiKey": "k", "provider": "generic-chat-completion-api" }`;
const legacy = (name: string, model = 'm') => `{ "model_display_name": "${name}", "model": "${model}", "base_url": "http://127.0.0.1:9/v1", "api_key": "k", "provider": "generic-chat-completion-api" }`;

async function droidCustomIds(home: string): Promise<string[]> {
  const run = await runDroid(['exec', '-m', 'custom:RouteLights-Probe-None', '--auto', 'low', '--cwd', home, 'Reply exactly: X'], { home, timeoutMs: 30_000 });
  const out = run.all;
  const at = out.indexOf('Available custom models:');
  if (at < 0) return [];
  const line = out.slice(at).split('\n')[1] ?? '';
  return [...line.matchAll(/(custom:[^\s,]+) \(/g)].map((m) => m[1]!);
}

async function ours(settingsPath: string) {
  const map = await loadRouteMap(sources(settingsPath));
  if (!map.ok) throw new Error(map.failure.reason);
  return { ids: usedRoutes(map.value).map((r) => r.id).sort(), problems: map.value.problems.map((p) => p.rule) };
}

const cases: Array<{ name: string; files: Record<string, string>; droidSees: string[]; problems: string[] }> = [
  {
    name: 'settings.json with comments',
    files: { 'settings.json': `{\n  // a comment\n  "customModels": [ ${entry('custom:A-0')}, /* b */ ${entry('custom:B-1')} ]\n}\n` },
    droidSees: ['custom:A-0', 'custom:B-1'],
    problems: [],
  },
  {
    name: 'settings.local.json with customModels replaces the list of settings.json',
    files: { 'settings.json': `{ "customModels": [ ${entry('custom:Main-0')} ] }`, 'settings.local.json': `{ "customModels": [ ${entry('custom:Local-0')} ] }` },
    droidSees: ['custom:Local-0'],
    problems: ['local-replaces-settings'],
  },
  {
    name: 'legacy config.json: derived ids, settings.json wins a clash',
    files: { 'settings.json': `{ "customModels": [ ${entry('custom:Dup-0', 'a')} ] }`, 'config.json': `{ "custom_models": [ ${legacy('Dup', 'b')}, ${legacy('Dup', 'c')}, ${legacy('Other Name')} ] }` },
    droidSees: ['custom:Dup-0', 'custom:Dup-1', 'custom:Other-Name-0'],
    problems: [],
  },
];

describe('Droid lists exactly the routes RouteLights calls effective', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const home = scratchDir('rl-droid-facts-');
      mkdirSync(join(home, '.factory'));
      for (const [name, text] of Object.entries(c.files)) writeFileSync(join(home, '.factory', name), text);
      const seen = (await droidCustomIds(home)).sort();
      expect(seen).toEqual([...c.droidSees].sort());
      const mine = await ours(join(home, '.factory', 'settings.json'));
      expect(mine.ids).toEqual(seen);
      expect(mine.problems).toEqual(c.problems);
    });
  }

  it.each([
    ['settings.json', `{ "customModels": [ ${entry('custom:A-0')}, ] }`],
    ['config.json', `{ "custom_models": [ ${legacy('Legacy')} ], }`],
  ])('a trailing comma in %s: Droid lists nothing from it, RouteLights reports an error', async (name, text) => {
    const home = scratchDir('rl-droid-comma-');
    mkdirSync(join(home, '.factory'));
    writeFileSync(join(home, '.factory', name), text);
    expect(await droidCustomIds(home)).toEqual([]);
    expect((await ours(join(home, '.factory', 'settings.json'))).problems).toContain('trailing-comma');
  });
});
