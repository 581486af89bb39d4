// The public corpus (test/fixtures/corpus, sources in its SOURCES.md): real Droid route files from public
// dotfiles repositories, key values removed. Each is set up as its user has it, and Droid's own model
// list for it is read from the real Droid, fed only the file's route lists (never its hooks or commands).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getNodeValue, parseTree, type ParseError } from 'jsonc-parser';
import { runDroid } from './droid.ts';
import { scratchDir } from './scratch.ts';

export const CORPUS = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));

export interface CorpusFile {
  name: string;
  /** Which of Droid's files it is: its name says (…config.json is the legacy file). */
  as: 'settings.json' | 'config.json';
  bytes: Buffer;
}

export function corpusFiles(): CorpusFile[] {
  return readdirSync(CORPUS)
    .filter((name) => /\.(json|tmpl)$/.test(name))
    .sort()
    .map((name) => ({ name, as: /config\.json$/.test(name) ? 'config.json' : 'settings.json', bytes: readFileSync(join(CORPUS, name)) }));
}

/** A scratch home holding the file where Droid reads it: the file's path, and the settings.json beside it (which may not exist). */
export function homeWith(file: CorpusFile, prefix: string): { path: string; settingsPath: string } {
  const home = scratchDir(prefix);
  mkdirSync(join(home, '.factory'));
  const path = join(home, '.factory', file.as);
  writeFileSync(path, file.bytes, { mode: 0o600 });
  return { path, settingsPath: join(home, '.factory', 'settings.json') };
}

/** Droid's "Available custom models:" line as ids, in its order ([] for "No custom models configured"). */
export function listedIds(output: string): string[] {
  const at = output.indexOf('Available custom models:');
  if (at < 0) return [];
  const line = output.slice(at).split('\n')[1]?.trim() ?? '';
  // Display names may hold commas and parentheses; ids are followed by " (name)".
  return line ? line.split(/, (?=custom:)/).map((item) => /^(custom:.*?) \(/.exec(item)?.[1] ?? item) : [];
}

/**
 * What the real Droid lists for a file, in order. A file that parses is given to Droid with its route
 * lists alone (a public file's hooks and commands never run here); one that does not parse is given as
 * it is, since Droid cannot read anything of it either.
 */
export async function droidListFor(text: string, as: CorpusFile['as']): Promise<string[]> {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true });
  const value = errors.length === 0 && root?.type === 'object' ? (getNodeValue(root) as Record<string, unknown>) : null;
  const given = value ? JSON.stringify(Object.fromEntries(['customModels', 'custom_models'].filter((k) => k in value).map((k) => [k, value[k]]))) : text;
  const home = scratchDir('rl-corpus-droid-');
  mkdirSync(join(home, '.factory'));
  writeFileSync(join(home, '.factory', as), given, { mode: 0o600 });
  const run = await runDroid(['exec', '-m', 'custom:RouteLights-Probe-None', '--auto', 'low', '--cwd', home, 'Reply exactly: X'], { home, timeoutMs: 30_000 });
  return listedIds(run.all ?? '');
}
