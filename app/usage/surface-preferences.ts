// What the user set per surface: its kind (a gateway in front of Z.AI or Kimi) and its usage threshold,
// in the data folder's surfaces.json (0600); $ROUTELIGHTS_SURFACE_KINDS wins over a kind set here.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { fail, ok, type Result } from '../model/failure.ts';
import { isSurfaceKind, type SurfaceKind } from '../model/surface-kind.ts';
import { readDataFile, writeDataFile } from '../settings/data-file.ts';
import { originOf } from '../surfaces/derive.ts';

const FILE = 'surfaces.json';

export interface SurfacePreference {
  kind?: SurfaceKind;
  lowPercent?: number;
}

/** Why surfaces.json cannot be read (it is there, but not JSON), or null. Such a file is never written over. */
export async function surfacePreferencesProblem(dataDir: string): Promise<{ message: string; remedy: string } | null> {
  const path = join(dataDir, FILE);
  const raw = await fs.readFile(path, 'utf8').catch(() => '');
  if (!raw.trim() || (await readDataFile(dataDir, FILE)) !== null) return null;
  return { message: `${path} is not JSON: the surface kinds and thresholds in it are not used, and RouteLights does not write over it.`, remedy: 'Fix the file (a trailing comma?) or remove it to start afresh.' };
}

export function validLowPercent(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100;
}

export async function readSurfacePreferences(dataDir: string): Promise<Map<string, SurfacePreference>> {
  const parsed = await readDataFile(dataDir, FILE);
  const surfaces = parsed && typeof parsed === 'object' ? (parsed as { surfaces?: unknown }).surfaces : null;
  const out = new Map<string, SurfacePreference>();
  if (!surfaces || typeof surfaces !== 'object') return out;
  for (const [origin, raw] of Object.entries(surfaces as Record<string, unknown>)) {
    const key = originOf(origin);
    if (!key || !raw || typeof raw !== 'object') continue;
    const { kind, lowPercent } = raw as Record<string, unknown>;
    out.set(key, { ...(isSurfaceKind(kind) ? { kind } : {}), ...(validLowPercent(lowPercent) ? { lowPercent } : {}) });
  }
  return out;
}

/** Sets (or, with null, clears) an origin's kind and threshold; the other surfaces' stay as they are. */
export async function writeSurfacePreference(dataDir: string, origin: string, change: { kind?: SurfaceKind | null; lowPercent?: number | null }): Promise<Result<Map<string, SurfacePreference>>> {
  const key = originOf(origin);
  if (!key) return fail({ layer: 'usage', code: 'bad-origin', reason: `${JSON.stringify(origin)} is not an http(s) origin.`, remedy: 'Give the surface as scheme://host:port, e.g. http://127.0.0.1:9000.' });
  if (change.lowPercent !== undefined && change.lowPercent !== null && !validLowPercent(change.lowPercent)) return fail({ layer: 'usage', code: 'bad-number', reason: `${change.lowPercent} is not a share between 0 and 100.`, remedy: 'Give the threshold as a percentage left, e.g. 15.' });
  // A file the user broke is not written over: what it held would be lost.
  const broken = await surfacePreferencesProblem(dataDir);
  if (broken) return fail({ layer: 'settings', code: 'broken-file', reason: broken.message, remedy: `${broken.remedy} Then set the surface again.` });
  const all = await readSurfacePreferences(dataDir);
  const next: SurfacePreference = { ...all.get(key) };
  if (change.kind === null) delete next.kind;
  else if (change.kind !== undefined) next.kind = change.kind;
  if (change.lowPercent === null) delete next.lowPercent;
  else if (change.lowPercent !== undefined) next.lowPercent = change.lowPercent;
  if (Object.keys(next).length) all.set(key, next);
  else all.delete(key);
  const written = await writeDataFile(dataDir, FILE, { surfaces: Object.fromEntries(all) });
  return written.ok ? ok(all) : written;
}
