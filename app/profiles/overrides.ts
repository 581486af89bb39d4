// Per-machine base URL overrides (e.g. LiteLLM on 127.0.0.1 here, on a private-network host there):
// kept in a small file in the data folder and re-applied on every import.
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { fail, ok, type Result } from '../model/failure.ts';

const overridesSchema = z.object({ origins: z.record(z.string(), z.string()) });
export type Overrides = Record<string, string>;

export function overridesPath(dataDir: string): string {
  return join(dataDir, 'base-url-overrides.json');
}

function origin(text: string): string | null {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** `ORIGIN=URL` → [origin, origin]: only scheme, host and port are swapped; the path stays the route's own. */
export function parseOverride(text: string): Result<[string, string]> {
  const at = text.indexOf('=');
  const from = at > 0 ? origin(text.slice(0, at)) : null;
  const to = at > 0 ? origin(text.slice(at + 1)) : null;
  if (!from || !to) return fail({ layer: 'usage', code: 'bad-override', reason: `${JSON.stringify(text)} is not ORIGIN=URL.`, remedy: 'Write e.g. --override http://127.0.0.1:4000=http://10.0.0.5:4000' });
  return ok([from, to]);
}

export async function readOverrides(path: string): Promise<Overrides> {
  const text = await fs.readFile(path, 'utf8').catch(() => null);
  if (!text) return {};
  const parsed = overridesSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data.origins : {};
}

export async function saveOverrides(path: string, origins: Overrides): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await fs.writeFile(temp, `${JSON.stringify({ origins }, null, 2)}\n`, { mode: 0o600 });
  await fs.rename(temp, path);
}

export function applyOverrides(baseUrl: string | null, origins: Overrides): string | null {
  if (!baseUrl) return baseUrl;
  const from = origin(baseUrl);
  const to = from ? origins[from] : undefined;
  return to ? to + baseUrl.trim().slice(from!.length) : baseUrl;
}
