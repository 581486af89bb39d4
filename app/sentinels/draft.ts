// Test before you save: a draft route (not in settings.json) is proven through Droid's `--settings`,
// which merges a runtime settings file for one process (the draft wins over an entry with its id), so
// the user's files are never touched. The runtime file holds the draft's key: it is made in RouteLights'
// own data folder (scratch.ts), never in the shared temp folder.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail, ok, type Result } from '../model/failure.ts';
import { routeKey, type Route } from '../model/route.ts';
import { parseJsonc } from '../settings/jsonc-document.ts';
import { lintRoutes } from '../settings/lint.ts';
import { getNodeValue } from 'jsonc-parser';
import { fsFailure } from '../settings/fs-failure.ts';
import type { SurfaceOptions } from '../surfaces/derive.ts';
import { DRAFT_FOLDER_PREFIX, makeScratch, removeScratch } from './scratch.ts';

export interface DraftFile {
  routes: Route[];
  /** The runtime settings file handed to Droid; remove() deletes it. */
  settingsFile: string;
  remove: () => Promise<void>;
}

export function draftRoute(entry: Record<string, unknown>, path: string, position: number): Route {
  const str = (k: string) => (typeof entry[k] === 'string' ? (entry[k] as string) : undefined);
  const id = str('id') ?? '';
  const route: Route = { key: routeKey(path, id), id, idDerived: false, extra: {}, schemaIssues: [], source: { kind: 'settings', path, position, project: null } };
  for (const k of ['model', 'displayName', 'provider', 'baseUrl', 'apiKey'] as const) if (str(k) !== undefined) route[k] = str(k);
  return route;
}

/** Reads a draft file's entries: one route object, a list of them, or `{ "customModels": [ … ] }`. */
export async function readDraftEntries(path: string): Promise<Result<Array<Record<string, unknown>>>> {
  const bytes = await readFile(path).catch((error: unknown) => error as Error);
  if (bytes instanceof Error) return fail(fsFailure('reading', path, bytes));
  const doc = parseJsonc(path, bytes);
  if (!doc.ok) return doc;
  const value: unknown = doc.value.root ? getNodeValue(doc.value.root) : null;
  const list: unknown[] = Array.isArray(value) ? value : Array.isArray((value as { customModels?: unknown })?.customModels) ? (value as { customModels: unknown[] }).customModels : value ? [value] : [];
  const entries = list.filter((e): e is Record<string, unknown> => !!e && typeof e === 'object' && !Array.isArray(e));
  if (entries.length === 0) return fail({ layer: 'usage', code: 'empty-draft', reason: `${path} holds no route.`, remedy: 'Give one route object (model, id, baseUrl, provider, apiKey).' });
  return ok(entries);
}

/** Checks draft entries (lint errors refuse the run) and writes them to a runtime settings file for Droid. */
export async function prepareDraft(entries: ReadonlyArray<Record<string, unknown>>, label: string, surfaceOptions: SurfaceOptions, folder: string): Promise<Result<DraftFile>> {
  if (entries.length === 0) return fail({ layer: 'usage', code: 'empty-draft', reason: `${label} holds no route.`, remedy: 'Give one route object (model, id, baseUrl, provider, apiKey).' });
  const unnamed = entries.findIndex((e) => typeof e.id !== 'string' || e.id.trim() === '');
  if (unnamed >= 0) return fail({ layer: 'usage', code: 'draft-no-id', reason: `Route ${unnamed + 1} of ${label} has no "id": Droid is told which route to run by its id.`, remedy: 'Give it one in the form "custom:<Name>-<index>", e.g. "id": "custom:My-Route-0".' });
  const routes = entries.map((e, i) => draftRoute(e, label, i));
  const blocking = lintRoutes(routes, surfaceOptions).find((f) => f.severity === 'error');
  if (blocking) return fail({ layer: 'route', code: 'draft-invalid', reason: `The draft cannot be run: ${blocking.message}`, remedy: blocking.remedy });
  const dir = await makeScratch(folder, DRAFT_FOLDER_PREFIX);
  const settingsFile = join(dir, 'draft-settings.json');
  await writeFile(settingsFile, `${JSON.stringify({ customModels: entries }, null, 2)}\n`, { mode: 0o600 });
  return ok({ routes, settingsFile, remove: () => removeScratch(dir) });
}
