// Ids never move unasked: an edit that would change an id Droid derives (from display names and order)
// writes the ids out first and says so; --rename-id is the only way to move one, naming the places that
// still use the old id; config.json, where ids cannot be written, refuses such an edit. And what Droid
// leaves out (measured on the real Droid: test/integration/lint-facts.test.ts) is shown as ignored,
// gray, with the reason, not as a broken route.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch.ts';

const entry = (name: string, extra = '') => `{ "model": "m", "displayName": "${name}", "baseUrl": "http://127.0.0.1:9/v1", "apiKey": "ollama", "provider": "generic-chat-completion-api"${extra} }`;

/** A home whose ~/.factory holds these files (mode 0600). */
function home(files: Record<string, string>) {
  const dir = scratchDir('rl-ids-');
  mkdirSync(join(dir, '.factory'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, '.factory', name), text, { mode: 0o600 });
  return { path: (name: string) => join(dir, '.factory', name), env: { HOME: dir, ROUTELIGHTS_KEYCHAIN: 'off' } as NodeJS.ProcessEnv };
}

const ids = async (env: NodeJS.ProcessEnv) => JSON.parse((await cli(['routes', 'list', '--json'], { env })).stdout).routes.map((r: { id: string }) => r.id);

describe('ids never move unasked', () => {
  it('renaming the display name of an entry without id keeps its id and its neighbour\'s, writing both out, and says so', async () => {
    const { path, env } = home({ 'settings.json': `{\n  "customModels": [ ${entry('Gemma 4 26B (local)')}, ${entry('Gemma 4 26B (local)')} ]\n}\n` });
    expect(await ids(env)).toEqual(['custom:Gemma-4-26B-(local)-0', 'custom:Gemma-4-26B-(local)-1']);
    const out = await cli(['routes', 'set', 'custom:Gemma-4-26B-(local)-0', '--field', 'displayName=Edited'], { env });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toMatch(/Wrote the ids custom:Gemma-4-26B-\(local\)-0, custom:Gemma-4-26B-\(local\)-1 into the file as Droid derived them/);
    expect(await ids(env)).toEqual(['custom:Gemma-4-26B-(local)-0', 'custom:Gemma-4-26B-(local)-1']);
    const doc = JSON.parse(readFileSync(path('settings.json'), 'utf8'));
    expect(doc.customModels.map((e: { id: string; index: number; displayName: string }) => [e.id, e.index, e.displayName])).toEqual([
      ['custom:Gemma-4-26B-(local)-0', 0, 'Edited'],
      ['custom:Gemma-4-26B-(local)-1', 1, 'Gemma 4 26B (local)'],
    ]);
  });

  it('removing an earlier entry of the same name keeps the later one\'s id', async () => {
    const { env } = home({ 'settings.json': `{ "customModels": [ ${entry('Dup')}, ${entry('Dup')}, ${entry('Other')} ] }` });
    expect((await cli(['routes', 'remove', 'custom:Dup-0'], { env })).code).toBe(0);
    expect(await ids(env)).toEqual(['custom:Dup-1', 'custom:Other-0']);
  });

  it('--field id= is refused; --rename-id renames the id and the places in its file that name it; --keep-references leaves and lists them', async () => {
    const text = `{\n  "model": "custom:A-0",\n  "sessionDefaultSettings": { "model": "custom:A-0" },\n  "customModels": [ ${entry('A', ', "id": "custom:A-0", "index": 0')} ]\n}\n`;
    const { path, env } = home({ 'settings.json': text });
    const byField = await cli(['routes', 'set', 'custom:A-0', '--field', 'id=custom:B-0'], { env });
    expect(byField.code).toBe(2);
    expect(byField.stderr).toMatch(/Use --rename-id NEW/);
    expect(readFileSync(path('settings.json'), 'utf8')).toBe(text);

    const kept = await cli(['routes', 'set', 'custom:A-0', '--rename-id', 'custom:B-0', '--keep-references'], { env });
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stderr).toMatch(/still names custom:A-0 at model, sessionDefaultSettings\.model, an id no route has now: Droid answers "Invalid model" where it is used\. Left as they are/);
    expect(JSON.parse(readFileSync(path('settings.json'), 'utf8')).model).toBe('custom:A-0');

    // Back to A, then to C the plain way: the file's mentions follow.
    expect((await cli(['routes', 'set', 'custom:B-0', '--rename-id', 'custom:A-0'], { env })).code).toBe(0);
    const renamed = await cli(['routes', 'set', 'custom:A-0', '--rename-id', 'custom:C-0'], { env });
    expect(renamed.code, renamed.stderr).toBe(0);
    expect(renamed.stderr).toMatch(/Also renamed custom:A-0 where .* names it: model, sessionDefaultSettings\.model\./);
    const doc = JSON.parse(readFileSync(path('settings.json'), 'utf8'));
    expect([doc.model, doc.sessionDefaultSettings.model, doc.customModels[0].id]).toEqual(['custom:C-0', 'custom:C-0', 'custom:C-0']);
  });

  it('--unset id alone, and a move past the end, move no id', async () => {
    const { path, env } = home({ 'settings.json': `{ "customModels": [ ${entry('A', ', "id": "custom:A-0", "index": 0')}, ${entry('B')} ] }` });
    const unset = await cli(['routes', 'set', 'custom:A-0', '--unset', 'id'], { env });
    expect(unset.code).toBe(2);
    expect(unset.stderr).toMatch(/--rename-id NEW/);
    expect((await cli(['routes', 'move', 'custom:B-0', '--to', '99'], { env })).code).toBe(0);
    expect(JSON.parse(readFileSync(path('settings.json'), 'utf8')).customModels[1].id).toBeUndefined();
    expect((await cli(['routes', 'move', 'custom:A-0', '--to', '99'], { env })).code).toBe(0);
    expect(await ids(env)).toEqual(['custom:B-0', 'custom:A-0']);
  });

  it('a rename names the old id where another file of the place uses it (settings.json naming a local route)', async () => {
    const { env } = home({ 'settings.json': '{ "sessionDefaultSettings": { "model": "custom:L-0" } }', 'settings.local.json': `{ "customModels": [ ${entry('L', ', "id": "custom:L-0", "index": 0')} ] }` });
    const out = await cli(['routes', 'set', 'custom:L-0', '--rename-id', 'custom:L2-0'], { env });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toMatch(/settings\.json still names custom:L-0 at sessionDefaultSettings\.model, an id no route has now: .*Change it there too\./);
  });

  it('config.json cannot hold ids: an edit that would move one is refused, nothing written; one that moves none goes through', async () => {
    const text = '{ "custom_models": [ { "model_display_name": "Leg", "model": "x", "base_url": "http://127.0.0.1:9/v1", "api_key": "ollama", "provider": "openai" } ] }\n';
    const { path, env } = home({ 'config.json': text });
    const moved = await cli(['routes', 'set', 'custom:Leg-0', '--source', 'config.json', '--field', 'displayName=Renamed'], { env });
    expect(moved.code).toBe(2);
    expect(moved.stderr).toMatch(/would move the id custom:Leg-0: config\.json cannot hold ids.*routes migrate/s);
    expect(readFileSync(path('config.json'), 'utf8')).toBe(text);
    expect((await cli(['routes', 'set', 'custom:Leg-0', '--source', 'config.json', '--rename-id', 'custom:New-0'], { env })).stderr).toMatch(/config\.json cannot hold ids/);
    expect(readFileSync(path('config.json'), 'utf8')).toBe(text);
    expect((await cli(['routes', 'set', 'custom:Leg-0', '--source', 'config.json', '--field', 'maxOutputTokens=2000'], { env })).code).toBe(0);
  });
});

describe('what Droid leaves out is shown as ignored', () => {
  it('an entry without provider, custom_models in settings.json, customModels in config.json: gray, "Droid ignores this entry", not used', async () => {
    const { env } = home({
      'settings.json': `{ "customModels": [ ${entry('Kept')}, { "model": "m", "displayName": "NoProvider", "baseUrl": "http://127.0.0.1:9/v1" } ], "custom_models": [ { "model_display_name": "Snake", "model": "s", "base_url": "http://127.0.0.1:9/v1", "provider": "openai" } ] }`,
      'config.json': `{ "customModels": [ ${entry('InConfig', ', "id": "custom:InConfig-0"')} ] }`,
    });
    const status = JSON.parse((await cli(['status', '--json'], { env })).stdout);
    const byId = new Map(status.routes.map((r: { id: string }) => [r.id, r]));
    expect(byId.get('custom:Kept-0')).toMatchObject({ used: true });
    for (const [id, why] of [['custom:NoProvider-0', /it has no "provider"/], ['custom:Snake-0', /it stands in "custom_models", a list Droid does not read in settings\.json/], ['custom:InConfig-0', /it stands in "customModels", a list Droid does not read in config\.json/]] as const) {
      expect(byId.get(id), id).toMatchObject({ used: false, light: 'gray', reason: expect.stringMatching(why) });
      expect((byId.get(id) as { reason: string }).reason).toMatch(/^Droid ignores this entry/);
    }
    const edit = await cli(['routes', 'set', 'custom:Snake-0', '--field', 'model=t'], { env });
    expect(edit.code).toBe(2);
    expect(edit.stderr).toMatch(/RouteLights does not edit it/);
  });

  it('an unknown provider in settings.json costs the whole file, as Droid does it: every route red with the reason', async () => {
    const { env } = home({ 'settings.json': `{ "customModels": [ ${entry('Fine')}, { "model": "c", "displayName": "Claude", "baseUrl": "http://127.0.0.1:9/v1", "provider": "claude" } ] }` });
    const status = JSON.parse((await cli(['status', '--json'], { env })).stdout);
    expect(status.routes.find((r: { id: string }) => r.id === 'custom:Fine-0')).toMatchObject({ light: 'red', reason: expect.stringMatching(/Droid ignores settings\.json: Entry 2 of .* has the provider "claude", which Droid does not know: Droid then ignores every route in this file/) });
  });
});
