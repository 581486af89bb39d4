// Arrows point down: no two folders of app/ import each other, directly or round a loop, and the core's
// own layers keep their order (docs/architecture.md). Read from the sources themselves.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const APP = fileURLToPath(new URL('../../app', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const folderOf = (path: string) => {
  const rel = relative(APP, path);
  return rel.includes('/') ? rel.split('/')[0]! : '(service)';
};

function edges(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const file of files(APP)) {
    const from = folderOf(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)) {
      const to = folderOf(normalize(join(dirname(file), m[1]!)));
      if (to !== from) out.set(from, new Set([...(out.get(from) ?? []), to]));
    }
  }
  return out;
}

/** Bottom to top: a folder may import only folders before it. */
const LAYERS = ['model', 'secrets', 'surfaces', 'settings', 'usage', 'health', 'sentinels', 'keys', 'profiles', 'api', '(service)', 'bridge', 'tray', 'cli'];

describe('folders of app/', () => {
  it('import only layers below their own, so no two depend on each other', () => {
    const wrong: string[] = [];
    for (const [from, targets] of edges()) {
      for (const to of targets) if (LAYERS.indexOf(to) >= LAYERS.indexOf(from)) wrong.push(`${from} → ${to}`);
    }
    expect(wrong).toEqual([]);
  });

  it('every folder has its place in the order', () => {
    const folders = readdirSync(APP).filter((name) => statSync(join(APP, name)).isDirectory());
    expect(folders.filter((f) => !LAYERS.includes(f))).toEqual([]);
  });
});
