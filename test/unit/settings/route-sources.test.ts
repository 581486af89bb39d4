// The three files Droid reads routes from: settings.json, settings.local.json and the legacy config.json
// (snake_case); clashes resolved as Droid does, edits written to each route's own file, and migration.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { loadRouteMap, usedRoutes } from '../../../app/settings/route-map.ts';
import { applyRouteChange } from '../../../app/settings/route-edits.ts';
import { migrateLegacyRoutes } from '../../../app/settings/migrate.ts';
import { resolveSettingsPath } from '../../../app/settings/paths.ts';
import { scratchDir } from '../../helpers/scratch.ts';
import { sources } from '../../helpers/sources.ts';

const root = scratchDir();
let n = 0;
function factory(files: Record<string, string>): string {
  const dir = join(root, `f${n++}`);
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return join(dir, 'settings.json');
}

const SETTINGS = `{
  // main file
  "customModels": [
    { "model": "glm-5.1", "id": "custom:GLM-5.1-[ZAI]-1", "index": 1, "baseUrl": "https://api.z.ai/api/coding/paas/v4", "provider": "generic-chat-completion-api" }
  ]
}
`;
const LEGACY = `{
  // VibeProxy's guide writes this file
  "custom_models": [
    { "model_display_name": "Claude Opus [VibeProxy]", "model": "claude-opus-4-6", "base_url": "http://localhost:8317", "api_key": "dummy-not-used", "provider": "anthropic", "max_tokens": 32000, "supports_images": true },
    { "model_display_name": "GLM-5.1 [ZAI]", "model": "glm-5.1", "base_url": "https://api.z.ai/api/coding/paas/v4", "api_key": "\${ZAI}", "provider": "generic-chat-completion-api" }
  ]
}
`;

describe('settings path', () => {
  it('uses --settings, else $ROUTELIGHTS_SETTINGS, else ~/.factory/settings.json', () => {
    expect(resolveSettingsPath('/x/s.json', { ROUTELIGHTS_SETTINGS: '/y/s.json' }, '/home/u')).toBe('/x/s.json');
    expect(resolveSettingsPath(undefined, { ROUTELIGHTS_SETTINGS: '/y/s.json' }, '/home/u')).toBe('/y/s.json');
    expect(resolveSettingsPath(undefined, {}, '/home/u')).toBe('/home/u/.factory/settings.json');
  });
});

describe('route sources', () => {
  it('a missing settings.json is "no routes yet", not an error', async () => {
    const map = await loadRouteMap(sources(join(root, 'nowhere', 'settings.json')));
    expect(map.ok && map.value.routes).toEqual([]);
  });

  it('reads legacy config.json in camelCase, with the ids Droid derives; settings.json wins a clash', async () => {
    const path = factory({ 'settings.json': SETTINGS, 'config.json': LEGACY });
    const map = await loadRouteMap(sources(path));
    if (!map.ok) throw new Error(map.failure.reason);
    expect(map.value.routes.map((r) => [r.id, r.source.kind, r.ignored?.kind === 'replaced' ? r.ignored.by.kind : null])).toEqual([
      ['custom:GLM-5.1-[ZAI]-1', 'settings', null],
      ['custom:Claude-Opus-[VibeProxy]-0', 'legacy-config', null],
      ['custom:GLM-5.1-[ZAI]-0', 'legacy-config', null],
    ]);
    expect(map.value.routes[1]).toMatchObject({ displayName: 'Claude Opus [VibeProxy]', baseUrl: 'http://localhost:8317', maxOutputTokens: 32000, noImageSupport: false, idDerived: true });
    const clash = factory({ 'settings.json': '{ "customModels": [ { "model": "a", "id": "custom:Dup-0", "baseUrl": "http://127.0.0.1:4000/v1", "provider": "generic-chat-completion-api" } ] }', 'config.json': '{ "custom_models": [ { "model_display_name": "Dup", "model": "b", "base_url": "http://127.0.0.1:4000/v1", "provider": "generic-chat-completion-api" }, { "model_display_name": "Dup", "model": "c", "base_url": "http://127.0.0.1:4000/v1", "provider": "generic-chat-completion-api" } ] }' });
    const clashed = await loadRouteMap(sources(clash));
    if (!clashed.ok) throw new Error(clashed.failure.reason);
    expect(clashed.value.routes.map((r) => [r.id, r.model, r.ignored?.kind === 'replaced' ? r.ignored.by.kind : null])).toEqual([
      ['custom:Dup-0', 'a', null],
      ['custom:Dup-0', 'b', 'settings'],
      ['custom:Dup-1', 'c', null],
    ]);
  });

  it("settings.local.json's customModels replaces settings.json's list, as Droid does, with a warning", async () => {
    const path = factory({
      'settings.json': SETTINGS,
      'settings.local.json': '{ "customModels": [ { "model": "echo", "id": "custom:Local-9", "index": 9, "baseUrl": "http://127.0.0.1:9/v1", "provider": "generic-chat-completion-api" } ] }',
    });
    const map = await loadRouteMap(sources(path));
    if (!map.ok) throw new Error(map.failure.reason);
    expect(usedRoutes(map.value).map((r) => r.id)).toEqual(['custom:Local-9']);
    expect(map.value.routes[0]!.ignored).toMatchObject({ by: { kind: 'settings.local' }, wholeList: true, instead: null });
    expect(map.value.problems.map((p) => p.rule)).toEqual(['local-replaces-settings']);
    const noList = factory({ 'settings.json': SETTINGS, 'settings.local.json': '{ "theme": "dark" }' });
    const kept = await loadRouteMap(sources(noList));
    expect(kept.ok && usedRoutes(kept.value).map((r) => r.id)).toEqual(['custom:GLM-5.1-[ZAI]-1']);
  });

  it('a trailing comma is read but reported as an error, since Droid ignores such a file', async () => {
    const path = factory({ 'settings.json': '{\n  "customModels": [\n    { "model": "a", "id": "custom:A-0", "baseUrl": "http://127.0.0.1:4000/v1", "provider": "generic-chat-completion-api" },\n  ]\n}\n' });
    const map = await loadRouteMap(sources(path));
    if (!map.ok) throw new Error(map.failure.reason);
    expect(map.value.routes).toHaveLength(1);
    expect(map.value.problems).toEqual([expect.objectContaining({ rule: 'trailing-comma', severity: 'error' })]);
    expect(map.value.problems[0]!.message).toContain('3:123');
  });

  it('edits a legacy route in config.json, in snake_case, keeping its comments', async () => {
    const path = factory({ 'settings.json': SETTINGS, 'config.json': LEGACY });
    const map = await loadRouteMap(sources(path));
    if (!map.ok) throw new Error(map.failure.reason);
    const result = await applyRouteChange(map.value, { kind: 'update', id: 'custom:Claude-Opus-[VibeProxy]-0', set: { maxOutputTokens: 64000, noImageSupport: true } });
    expect(result.ok).toBe(true);
    const legacy = readFileSync(join(path, '..', 'config.json'), 'utf8');
    expect(legacy).toContain("// VibeProxy's guide writes this file");
    const entry = (parse(legacy) as { custom_models: Record<string, unknown>[] }).custom_models[0]!;
    expect(entry.max_tokens).toBe(64000);
    expect(entry.supports_images).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe(SETTINGS);
  });

  it('an unparsable file names the file, line and column, and nothing is written over it', async () => {
    const broken = '{\n  "customModels": [\n    { "model": "x" "id": "custom:X-0" }\n  ]\n}\n';
    const path = factory({ 'settings.json': broken });
    const map = await loadRouteMap(sources(path));
    expect(map.ok).toBe(false);
    if (!map.ok) {
      expect(map.failure.reason).toContain(`${path}:3:20`);
      expect(map.failure.reason).toMatch(/comma is expected/);
    }
    expect(readFileSync(path, 'utf8')).toBe(broken);
  });

  it('migrate moves legacy routes into settings.json with custom: ids, one safe write each', async () => {
    const path = factory({ 'settings.json': SETTINGS, 'config.json': LEGACY });
    const steps = await migrateLegacyRoutes(sources(path));
    if (!steps.ok) throw new Error(steps.failure.reason);
    expect(steps.value.map((s) => [s.id, s.status])).toEqual([
      ['custom:Claude-Opus-[VibeProxy]-0', 'migrated'],
      ['custom:GLM-5.1-[ZAI]-0', 'migrated'],
    ]);
    const settings = parse(readFileSync(path, 'utf8')) as { customModels: Record<string, unknown>[] };
    expect(settings.customModels[1]).toMatchObject({ id: 'custom:Claude-Opus-[VibeProxy]-0', model: 'claude-opus-4-6', baseUrl: 'http://localhost:8317', maxOutputTokens: 32000, noImageSupport: false, provider: 'anthropic' });
    const legacy = parse(readFileSync(join(path, '..', 'config.json'), 'utf8')) as { custom_models: Record<string, unknown>[] };
    expect(legacy.custom_models).toEqual([]);
    expect(settings.customModels.map((e) => e.id)).toEqual(['custom:GLM-5.1-[ZAI]-1', 'custom:Claude-Opus-[VibeProxy]-0', 'custom:GLM-5.1-[ZAI]-0']);
    expect(readFileSync(path, 'utf8')).toContain('// main file');
  });
});
