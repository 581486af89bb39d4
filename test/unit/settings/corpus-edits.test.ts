// Every edit kind on every file of the corpus: the bytes outside the edited entry stay identical,
// comments included, and new text follows the file's own indentation and line ends.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findNodeAtLocation, parse, parseTree } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { loadRouteMap } from '../../../app/settings/route-map.ts';
import { applyRouteChange, type RouteChange } from '../../../app/settings/route-edits.ts';
import { corpus } from '../../helpers/settings-corpus.ts';
import { scratchDir } from '../../helpers/scratch.ts';
import { sources } from '../../helpers/sources.ts';

const dir = scratchDir();
let counter = 0;

async function edit(text: string, change: (ids: string[]) => RouteChange) {
  const path = join(dir, `case-${counter++}`, 'settings.json');
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  const map = await loadRouteMap(sources(path));
  if (!map.ok) throw new Error(map.failure.reason);
  const result = await applyRouteChange(map.value, change(map.value.routes.map((r) => r.id)));
  if (!result.ok) throw new Error(result.failure.reason);
  return readFileSync(path, 'utf8');
}

function entrySpan(text: string, index: number): { start: number; end: number } {
  const node = findNodeAtLocation(parseTree(text, [], { allowTrailingComma: true })!, ['customModels', index])!;
  return { start: node.offset, end: node.offset + node.length };
}

/** `after` is `before` with [start, end) taken out, plus at most separators (commas, blank space) beside it. */
function expectOnlyRemoved(before: string, after: string, start: number, end: number): void {
  const left = before.slice(0, start).replace(/[\s,]*$/, '');
  const right = before.slice(end).replace(/^[\s,]*/, '');
  expect(after.startsWith(left)).toBe(true);
  expect(after.endsWith(right)).toBe(true);
  expect(after.length).toBeGreaterThanOrEqual(left.length + right.length);
  expect(after.slice(left.length, after.length - right.length)).toMatch(/^[\s,]*$/);
}

/** `after` keeps `before`'s bytes up to `start` and from `end` on, whatever happened in between. */
function expectUntouchedOutside(before: string, after: string, start: number, end: number): void {
  expect(after.startsWith(before.slice(0, start))).toBe(true);
  expect(after.endsWith(before.slice(end))).toBe(true);
}

const comments = (text: string) => (text.match(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g) ?? []).map((c) => c.trimEnd());

function indentUnit(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  return m?.[1]?.startsWith('\t') ? '\t' : ' ';
}

const NEW_ROUTE = { model: 'echo', id: 'custom:Echo-[Test]-99', index: 99, baseUrl: 'http://127.0.0.1:4000/v1', provider: 'generic-chat-completion-api', displayName: 'Echo ✓' };

for (const file of corpus()) {
  const hasRoutes = (parse(file.text, [], { allowTrailingComma: true }) as { customModels?: unknown[] } | undefined)?.customModels?.length;
  const crlf = file.text.includes('\r\n');

  describe(file.name, () => {
    it('add: only an insertion, in the file\'s own indentation and line ends', async () => {
      const after = await edit(file.text, () => ({ kind: 'add', entry: NEW_ROUTE }));
      const count = (parse(file.text, [], { allowTrailingComma: true }) as { customModels?: unknown[] } | undefined)?.customModels?.length ?? 0;
      const at = count > 0 ? entrySpan(file.text, count - 1).end : 0;
      const right = file.text.slice(at).replace(/^[\s,]*/, '');
      expect(after.startsWith(file.text.slice(0, at))).toBe(true);
      expect(after.endsWith(right)).toBe(true);
      const inserted = after.slice(at, after.length - right.length);
      expect(inserted).toContain('"custom:Echo-[Test]-99"');
      if (crlf) expect(inserted.replace(/\r\n/g, '')).not.toContain('\n');
      if (file.text.trim()) {
        const unit = indentUnit(file.text);
        for (const line of inserted.split(/\r?\n/).slice(1)) expect(line.match(/^[ \t]*/)![0].replaceAll(unit, '')).toBe('');
      }
      const parsed = parse(after, [], { allowTrailingComma: true }) as { customModels: unknown[] };
      expect(parsed.customModels.at(-1)).toEqual(NEW_ROUTE);
    });

    if (!hasRoutes) return;

    it('update: the change stays inside the edited entry', async () => {
      const after = await edit(file.text, (ids) => ({ kind: 'update', id: ids[0]!, set: { displayName: 'Renamed ✓', maxOutputTokens: 8192 }, unset: ['provider'] }));
      const span = entrySpan(file.text, 0);
      expectUntouchedOutside(file.text, after, span.start, span.end);
      const entry = (parse(after, [], { allowTrailingComma: true }) as { customModels: Record<string, unknown>[] }).customModels[0]!;
      expect(entry.displayName).toBe('Renamed ✓');
      expect(entry.maxOutputTokens).toBe(8192);
      expect(entry).not.toHaveProperty('provider');
    });

    it('remove: only the entry and one separating comma go; neighbours\' comments stay', async () => {
      const after = await edit(file.text, (ids) => ({ kind: 'remove', id: ids[0]! }));
      const span = entrySpan(file.text, 0);
      expectOnlyRemoved(file.text, after, span.start, span.end);
      const outside = file.text.slice(0, span.start) + file.text.slice(span.end);
      expect(comments(after)).toEqual(comments(outside));
      const before = parse(file.text, [], { allowTrailingComma: true }) as { customModels: unknown[] };
      const now = parse(after, [], { allowTrailingComma: true }) as { customModels: unknown[] };
      expect(now.customModels).toEqual(before.customModels.slice(1));
    });

    it('move: the entries change places, and nothing outside the route list changes', async () => {
      const after = await edit(file.text, (ids) => ({ kind: 'move', id: ids[0]!, to: ids.length - 1 }));
      const array = findNodeAtLocation(parseTree(file.text, [], { allowTrailingComma: true })!, ['customModels'])!;
      expectUntouchedOutside(file.text, after, array.offset, array.offset + array.length);
      const before = (parse(file.text, [], { allowTrailingComma: true }) as { customModels: unknown[] }).customModels;
      const now = (parse(after, [], { allowTrailingComma: true }) as { customModels: unknown[] }).customModels;
      expect(now).toEqual([...before.slice(1), before[0]]);
      const firstEntryText = file.text.slice(entrySpan(file.text, 0).start, entrySpan(file.text, 0).end);
      expect(after).toContain(firstEntryText);
    });
  });
}
