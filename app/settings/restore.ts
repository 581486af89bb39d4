// Restoring a backup: the backup must be one of this file's and must parse; the current file (even one
// that no longer parses, which is when a restore is wanted most) is backed up first by the safe write.
import { promises as fs } from 'node:fs';
import { fail, ok, type Result } from '../model/failure.ts';
import { besideFile, isBackupName, listBackups } from './backups.ts';
import { fsFailure } from './fs-failure.ts';
import { parseJsonc, revisionOf } from './jsonc-document.ts';
import { safeWrite, type SafeWriteOptions, type WriteOutcome } from './safe-write.ts';

export async function restoreBackup(settingsPath: string, name: string, backupDir = besideFile(settingsPath), options: SafeWriteOptions = {}): Promise<Result<WriteOutcome>> {
  const found = isBackupName(settingsPath, name) ? (await listBackups(settingsPath, backupDir)).find((b) => b.name === name) : undefined;
  if (!found) return fail({ layer: 'usage', code: 'unknown-backup', reason: `${JSON.stringify(name)} is not a backup of ${settingsPath}.`, remedy: "List them with 'routelights backups list' and give a NAME from there." });
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(found.path);
  } catch (error) {
    return fail(fsFailure('reading', found.path, error));
  }
  const parsed = parseJsonc(found.path, bytes);
  if (!parsed.ok) return parsed;
  const current = await fs.readFile(settingsPath).catch(() => null);
  const written = await safeWrite(settingsPath, bytes.toString('utf8'), current ? revisionOf(current) : null, { ...options, backupDir });
  return written.ok ? ok(written.value) : written;
}
