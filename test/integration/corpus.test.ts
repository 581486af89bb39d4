// Real users' files (test/fixtures/corpus): for each, RouteLights lists exactly the ids the real Droid
// lists, in its order (what Droid leaves out is marked ignored, not shown as a route); lint runs; and an
// edit of one route keeps every other byte's meaning and moves no id, which the real Droid confirms by
// listing the same ids after it. A file that does not parse (an unrendered template) is named, not a crash.
import { readFileSync } from 'node:fs';
import { getNodeValue, parseTree } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { applyRouteChange } from '../../app/settings/route-edits.ts';
import { filesDroidSkips, loadRouteMap, routesDroidUses, type RouteMap } from '../../app/settings/route-map.ts';
import { lintRoutes } from '../../app/settings/lint.ts';
import { surfaceOptionsFromEnv } from '../../app/surfaces/derive.ts';
import { corpusFiles, droidListFor, homeWith } from '../helpers/corpus.ts';
import { sources } from '../helpers/sources.ts';

const FILES = corpusFiles();

/** The ids RouteLights says Droid lists outside any project, in Droid's order. */
function oursListed(map: RouteMap): string[] {
  const skipped = filesDroidSkips(map);
  return routesDroidUses(map, null).filter((r) => !skipped.has(r.source.path)).map((r) => r.id);
}

/** The file's meaning apart from one entry: every other top-level key and every other entry, as values. */
function apartFrom(text: string, list: string, position: number): unknown {
  const value = getNodeValue(parseTree(text)!) as Record<string, unknown>;
  const entries = [...(value[list] as unknown[])];
  entries.splice(position, 1);
  return { ...value, [list]: entries };
}

describe('the public corpus', () => {
  it('holds real files of both kinds', () => {
    expect(FILES.filter((f) => f.as === 'settings.json').length).toBeGreaterThanOrEqual(20);
    expect(FILES.filter((f) => f.as === 'config.json').length).toBeGreaterThanOrEqual(10);
  });

  it.concurrent.each(FILES.map((f) => [f.name, f] as const))('%s: Droid\'s ids in Droid\'s order; lint runs; an edit moves no id and loses nothing', async (_name, file) => {
    const { path, settingsPath } = homeWith(file, 'rl-corpus-');
    const map = await loadRouteMap(sources(settingsPath));
    const droid = await droidListFor(file.bytes.toString('utf8'), file.as);
    if (!map.ok) {
      // Only what Droid cannot read either (an unrendered template), named with the file.
      expect(droid).toEqual([]);
      expect(map.failure.reason).toContain(path);
      return;
    }
    expect(oursListed(map.value)).toEqual(droid);
    const findings = [...map.value.problems, ...lintRoutes(map.value.routes, surfaceOptionsFromEnv({}), filesDroidSkips(map.value))];
    expect(findings.every((f) => f.message.length > 0 && f.remedy.length > 0)).toBe(true);

    const target = routesDroidUses(map.value, null).find((r) => r.source.path === path);
    if (!target) return;
    const before = readFileSync(path, 'utf8');
    const idsBefore = map.value.routes.map((r) => [r.source.position, r.id]);
    const set = file.as === 'config.json' ? { maxOutputTokens: 4321 } : { displayName: `${target.displayName ?? target.model} (edited)` };
    const edited = await applyRouteChange(map.value, { kind: 'update', id: target.id, file: path, set });
    expect(edited.ok, edited.ok ? '' : edited.failure.reason).toBe(true);
    const after = readFileSync(path, 'utf8');
    const list = file.as === 'config.json' ? 'custom_models' : 'customModels';
    expect(apartFrom(after, list, target.source.position)).toEqual(apartFrom(before, list, target.source.position));
    const reloaded = await loadRouteMap(sources(settingsPath));
    if (!reloaded.ok) throw new Error(reloaded.failure.reason);
    expect(reloaded.value.routes.map((r) => [r.source.position, r.id])).toEqual(idsBefore);
    expect(await droidListFor(after, file.as)).toEqual(droid);
  }, 120_000);
});
