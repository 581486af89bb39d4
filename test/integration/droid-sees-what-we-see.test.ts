// RouteLights' model of which routes Droid uses, checked against the real Droid CLI: for each tricky
// combination of the user's settings.json, settings.local.json and legacy config.json, and of a
// project's .factory/ files, the routes Droid lists under "Available custom models:" (id and display
// name, so that a clash shows which entry won) are exactly the ones RouteLights says Droid uses there.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRouteMap, routesDroidUses } from '../../app/settings/route-map.ts';
import { runDroid } from '../helpers/droid.ts';
import { startOpenAiStub } from '../helpers/openai-stub.ts';
import { scratchDir } from '../helpers/scratch.ts';
import { sources } from '../helpers/sources.ts';

const entry = (id: string, model = 'm', name = id.slice('custom:'.length)) => `{ "model": "${model}", "id": "${id}", "displayName": "${name}", "baseUrl": "http://127.0.0.1:9/v1", "apiKey": "k", "provider": "generic-chat-completion-api" }`;
const unnamed = (name: string) => `{ "model": "m", "displayName": "${name}", "baseUrl": "http://127.0.0.1:9/v1", "apiKey": "k", "provider": "generic-chat-completion-api" }`;
const legacy = (name: string, model = 'm') => `{ "model_display_name": "${name}", "model": "${model}", "base_url": "http://127.0.0.1:9/v1", "api_key": "k", "provider": "generic-chat-completion-api" }`;

/** What Droid lists, as `id (display name)`, when it runs in `cwd` (its process folder and --cwd). */
async function droidLists(home: string, cwd: string): Promise<string[]> {
  const run = await runDroid(['exec', '-m', 'custom:RouteLights-Probe-None', '--auto', 'low', '--cwd', cwd, 'Reply exactly: X'], { home, cwd, timeoutMs: 30_000 });
  const out = run.all;
  const at = out.indexOf('Available custom models:');
  if (at < 0) return [];
  const line = out.slice(at).split('\n')[1] ?? '';
  return [...line.matchAll(/(custom:[^\s,]+) \(([^)]*)\)/g)].map((m) => `${m[1]} (${m[2]})`).sort();
}

/** What RouteLights says Droid uses there: the routes it uses, less those of a file it reports Droid skips (a trailing comma, shown red). */
async function ours(settingsPath: string, projects: string[], project: string | null) {
  const map = await loadRouteMap(sources(settingsPath, projects));
  if (!map.ok) throw new Error(map.failure.reason);
  const skipped = new Set(map.value.problems.filter((p) => p.rule === 'trailing-comma').map((p) => p.file));
  const routes = routesDroidUses(map.value, project).filter((r) => !skipped.has(r.source.path));
  return { listed: routes.map((r) => `${r.id} (${r.displayName ?? r.model})`).sort(), problems: map.value.problems.map((p) => p.rule) };
}

interface Case {
  name: string;
  files: Record<string, string>;
  /** A project's `.factory/` files; Droid then runs in the project. */
  project?: Record<string, string>;
  droidLists: string[];
  problems: string[];
}

const cases: Case[] = [
  {
    name: 'settings.json with comments',
    files: { 'settings.json': `{\n  // a comment\n  "customModels": [ ${entry('custom:A-0')}, /* b */ ${entry('custom:B-1')} ]\n}\n` },
    droidLists: ['custom:A-0 (A-0)', 'custom:B-1 (B-1)'],
    problems: [],
  },
  {
    name: 'settings.local.json with customModels replaces the list of settings.json',
    files: { 'settings.json': `{ "customModels": [ ${entry('custom:Main-0')} ] }`, 'settings.local.json': `{ "customModels": [ ${entry('custom:Local-0')} ] }` },
    droidLists: ['custom:Local-0 (Local-0)'],
    problems: ['local-replaces-settings'],
  },
  {
    name: 'a settings.local.json with a trailing comma replaces nothing: Droid skips it alone',
    files: { 'settings.json': `{ "customModels": [ ${entry('custom:Main-0')} ] }`, 'settings.local.json': `{ "customModels": [ ${entry('custom:Local-0')}, ] }` },
    droidLists: ['custom:Main-0 (Main-0)'],
    problems: ['trailing-comma'],
  },
  {
    name: 'legacy config.json: derived ids, settings.json wins a clash',
    files: { 'settings.json': `{ "customModels": [ ${entry('custom:Dup-0', 'a', 'Dup')} ] }`, 'config.json': `{ "custom_models": [ ${legacy('Dup', 'b')}, ${legacy('Dup', 'c')}, ${legacy('Other Name')} ] }` },
    droidLists: ['custom:Dup-0 (Dup)', 'custom:Dup-1 (Dup)', 'custom:Other-Name-0 (Other Name)'],
    problems: [],
  },
  {
    name: "in a project: the project's routes merge with the user's, and the project's entry wins an id",
    files: { 'settings.json': `{ "customModels": [ ${entry('custom:U-0')}, ${entry('custom:S-0', 'm', 'From the user')} ] }` },
    project: { 'settings.json': `{ "customModels": [ ${entry('custom:P-0')}, ${entry('custom:S-0', 'm', 'From the project')} ] }` },
    droidLists: ['custom:P-0 (P-0)', 'custom:S-0 (From the project)', 'custom:U-0 (U-0)'],
    problems: [],
  },
  {
    name: "in a project: its settings.local.json replaces its own settings.json, not the user's list",
    files: { 'settings.json': `{ "customModels": [ ${entry('custom:U-0')} ] }` },
    project: { 'settings.json': `{ "customModels": [ ${entry('custom:P-0')} ] }`, 'settings.local.json': `{ "customModels": [ ${entry('custom:L-0')} ] }` },
    droidLists: ['custom:L-0 (L-0)', 'custom:U-0 (U-0)'],
    problems: ['local-replaces-settings'],
  },
  {
    name: "in a project: ids derived per file, and a project's derived id hides the user's",
    files: { 'settings.json': `{ "customModels": [ ${unnamed('Beta')}, ${unnamed('Gamma')} ] }` },
    project: { 'settings.json': `{ "customModels": [ ${unnamed('Alpha')}, ${unnamed('Beta')}, ${unnamed('Alpha')} ] }` },
    droidLists: ['custom:Alpha-0 (Alpha)', 'custom:Alpha-1 (Alpha)', 'custom:Beta-0 (Beta)', 'custom:Gamma-0 (Gamma)'],
    problems: [],
  },
];

describe('Droid lists exactly the routes RouteLights says it uses', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const home = scratchDir('rl-droid-facts-');
      mkdirSync(join(home, '.factory'));
      // Private files, as a user's should be: a plain key in a readable one is a finding of its own (key-file-readable).
      for (const [name, text] of Object.entries(c.files)) writeFileSync(join(home, '.factory', name), text, { mode: 0o600 });
      let project: string | null = null;
      if (c.project) {
        project = scratchDir('rl-droid-project-');
        mkdirSync(join(project, '.factory'));
        for (const [name, text] of Object.entries(c.project)) writeFileSync(join(project, '.factory', name), text, { mode: 0o600 });
      }
      const seen = await droidLists(home, project ?? home);
      expect(seen).toEqual([...c.droidLists].sort());
      const mine = await ours(join(home, '.factory', 'settings.json'), project ? [project] : [], project);
      expect(mine.listed).toEqual(seen);
      expect(mine.problems).toEqual(c.problems);
    });
  }

  it('the same id twice in one file: Droid lists both, but the id reaches the first; RouteLights marks the second ignored', async () => {
    const [first, second] = await Promise.all([startOpenAiStub({ models: ['m'] }), startOpenAiStub({ models: ['m'] })]);
    try {
      const home = scratchDir('rl-droid-twice-');
      mkdirSync(join(home, '.factory'));
      const twice = (url: string, name: string) => `{ "model": "m", "id": "custom:Twice-0", "displayName": "${name}", "baseUrl": "${url}/v1", "apiKey": "k", "provider": "generic-chat-completion-api" }`;
      const settingsPath = join(home, '.factory', 'settings.json');
      writeFileSync(settingsPath, `{ "customModels": [ ${twice(first.url, 'First')}, ${twice(second.url, 'Second')} ] }`);
      expect(await droidLists(home, home)).toEqual(['custom:Twice-0 (First)', 'custom:Twice-0 (Second)']);
      const run = await runDroid(['exec', '-m', 'custom:Twice-0', '--auto', 'low', '--cwd', home, '-o', 'json', 'Reply exactly: TWICE_OK'], { home, timeoutMs: 30_000 });
      expect(run.stdout).toContain('"result":"TWICE_OK"');
      expect([first.requests.length, second.requests.length]).toEqual([1, 0]);
      const map = await loadRouteMap(sources(settingsPath));
      if (!map.ok) throw new Error(map.failure.reason);
      expect(routesDroidUses(map.value, null).map((r) => r.displayName)).toEqual(['First']);
      expect(map.value.routes[1]!.ignored).toMatchObject({ wholeList: false, instead: { key: map.value.routes[0]!.key, position: 0 } });
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it.each([
    ['settings.json', `{ "customModels": [ ${entry('custom:A-0')}, ] }`],
    ['config.json', `{ "custom_models": [ ${legacy('Legacy')} ], }`],
  ])('a trailing comma in %s: Droid lists nothing from it, RouteLights reports an error', async (name, text) => {
    const home = scratchDir('rl-droid-comma-');
    mkdirSync(join(home, '.factory'));
    writeFileSync(join(home, '.factory', name), text, { mode: 0o600 });
    expect(await droidLists(home, home)).toEqual([]);
    expect((await ours(join(home, '.factory', 'settings.json'), [], null)).problems).toContain('trailing-comma');
  });
});
