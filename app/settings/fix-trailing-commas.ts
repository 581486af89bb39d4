// `lint --fix`: removes trailing commas (Droid 0.225 ignores a settings file that has one) as minimal
// edits, each file with the safe write. Nothing else is changed: every other finding needs a person.
import { ok, type Result } from '../model/failure.ts';
import { trailingCommas } from './jsonc-document.ts';
import type { RouteMap } from './route-map.ts';
import { safeWrite, type SafeWriteOptions } from './safe-write.ts';

export interface CommaFix {
  path: string;
  removed: number;
  backupPath: string | null;
}

export async function fixTrailingCommas(map: RouteMap, options: SafeWriteOptions = {}): Promise<Result<CommaFix[]>> {
  const fixes: CommaFix[] = [];
  for (const file of map.files) {
    if (!file.doc) continue;
    const commas = trailingCommas(file.doc.text);
    if (commas.length === 0) continue;
    let text = file.doc.text;
    for (const offset of [...commas].sort((a, b) => b - a)) text = text.slice(0, offset) + text.slice(offset + 1);
    const written = await safeWrite(file.path, (file.doc.bom ? '\uFEFF' : '') + text, file.doc.revision, { backupDir: file.backupDir, ...options });
    if (!written.ok) return written;
    fixes.push({ path: file.path, removed: commas.length, backupPath: written.value.backupPath });
  }
  return ok(fixes);
}
