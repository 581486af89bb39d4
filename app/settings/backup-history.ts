// Backups as a history: each with the action and routes it preceded and whether it still holds a key in
// clear; a backup against the file as a diff with every secret masked; scrubbing; undoing one action.
import { promises as fs } from 'node:fs';
import { fail, ok, type Result } from '../model/failure.ts';
import { diffLines, type DiffLine } from '../model/line-diff.ts';
import { holdsPlainKey, isPlainSecret, REDACTED, secretFieldsOf } from '../model/secret-fields.ts';
import { redactor } from '../secrets/redact.ts';
import { readActionNote } from './backup-actions.ts';
import { listBackups, removeBackup, type BackupInfo } from './backups.ts';
import { parseJsonc } from './jsonc-document.ts';
import { routesInFile, type SourceFile } from './route-map.ts';

export interface BackupEntry extends BackupInfo {
  action: string | null;
  actionId: string | null;
  routes: string[];
  holdsPlainKey: boolean;
}

/** The secrets a version of the file holds in clear (keys, credential headers, URL passwords), as values to mask. */
function secretsIn(file: SourceFile, path: string, bytes: Uint8Array): string[] {
  const doc = parseJsonc(path, bytes);
  if (!doc.ok) return [];
  return routesInFile({ ...file, path, doc: doc.value }).flatMap((r) => [...(holdsPlainKey(r.apiKey) ? [r.apiKey!] : []), ...secretFieldsOf(r).filter(isPlainSecret).map((f) => f.value)]);
}

async function read(path: string): Promise<Uint8Array | null> {
  return fs.readFile(path).catch(() => null);
}

export async function backupHistory(file: SourceFile): Promise<BackupEntry[]> {
  return Promise.all(
    (await listBackups(file.path, file.backupDir)).map(async (b) => {
      const [note, bytes] = await Promise.all([readActionNote(b.path), read(b.path)]);
      return { ...b, action: note?.label ?? null, actionId: note?.id ?? null, routes: note?.routes ?? [], holdsPlainKey: bytes ? secretsIn(file, b.path, bytes).length > 0 : false };
    }),
  );
}

/** A backup against the file as it is now, line by line, every secret either holds masked. */
export async function compareBackup(file: SourceFile, name: string): Promise<Result<{ lines: DiffLine[]; identical: boolean }>> {
  const backup = (await listBackups(file.path, file.backupDir)).find((b) => b.name === name);
  if (!backup) return fail({ layer: 'usage', code: 'unknown-backup', reason: `${JSON.stringify(name)} is not a backup of ${file.path}.`, remedy: "List them with 'routelights backups list' and give a NAME from there." });
  const [before, after] = await Promise.all([read(backup.path), read(file.path)]);
  if (!before) return fail({ layer: 'settings', code: 'unreadable', reason: `${backup.path} could not be read.`, remedy: 'Check its permissions.' });
  const secrets = [...new Set([...secretsIn(file, backup.path, before), ...(after ? secretsIn(file, file.path, after) : [])])].sort((a, b) => b.length - a.length);
  const masked = (bytes: Uint8Array | null) => redactor.redact(secrets.reduce((text, s) => text.split(s).join(REDACTED), bytes ? Buffer.from(bytes).toString('utf8') : ''));
  const [a, b] = [masked(before), masked(after)];
  return ok({ lines: diffLines(a, b), identical: !!after && Buffer.from(before).equals(after) });
}

/** Removes the backups of these files that still hold a secret in clear; returns their paths. */
export async function scrubBackups(files: readonly SourceFile[]): Promise<string[]> {
  const removed: string[] = [];
  for (const file of files) {
    for (const entry of await backupHistory(file)) {
      if (!entry.holdsPlainKey) continue;
      await removeBackup(entry.path);
      removed.push(entry.path);
    }
  }
  return removed;
}

/** The backups one user action took, one per file it wrote (to restore them is to undo it). */
export async function backupsOfAction(files: readonly SourceFile[], actionId: string): Promise<Array<{ file: SourceFile; backup: BackupEntry }>> {
  const found: Array<{ file: SourceFile; backup: BackupEntry }> = [];
  for (const file of files) {
    const backup = (await backupHistory(file)).find((b) => b.actionId === actionId);
    if (backup) found.push({ file, backup });
  }
  return found;
}
