// The only way RouteLights writes a settings file: conflict check against the revision it read, a
// timestamped backup, a temporary file fsynced and renamed over the target, mode kept, symlinks followed.
import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fail, ok, type Result } from '../model/failure.ts';
import { writeActionNote, type BackupAction } from './backup-actions.ts';
import { backupName, besideFile, pruneBackups } from './backups.ts';
import { fsFailure } from './fs-failure.ts';
import { revisionOf } from './jsonc-document.ts';

export interface SafeWriteOptions {
  /** How many backups to keep beside the file (newest first). */
  keepBackups?: number;
  /**
   * The files this user action has backed up already: a file in it gets no second backup (the state
   * before the action is the one to go back to), and a file backed up now joins it.
   */
  backedUp?: Set<string>;
  /** The user action this write belongs to: noted beside the backup it takes, for the history and its undo. */
  action?: BackupAction;
  /** Where backups go (default: beside the file). */
  backupDir?: string;
  now?: () => Date;
}

export interface WriteOutcome {
  revision: string;
  /** Where the previous content was saved; null when the file did not exist before. */
  backupPath: string | null;
  /** The file actually written: the symlink's target when the settings path is a link. */
  targetPath: string;
}

export const DEFAULT_KEEP_BACKUPS = 20;
const NEW_FILE_MODE = 0o600;

/** Follows a symlink to the file it names, even when that file does not exist yet. */
async function resolveTarget(path: string): Promise<string> {
  let current = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    const stat = await fs.lstat(current).catch(() => null);
    if (!stat?.isSymbolicLink()) return current;
    current = resolve(dirname(current), await fs.readlink(current));
  }
  throw Object.assign(new Error('too many symbolic links'), { code: 'ELOOP' });
}

async function readIfPresent(path: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function conflict(path: string): Result<never> {
  return fail({
    layer: 'settings',
    code: 'conflict',
    reason: `${path} changed on disk since RouteLights read it (Droid or another editor wrote it).`,
    remedy: 'Nothing was written. Reload the routes and make the change again.',
  });
}

/** A rename would silently hand another user's file to this one (and a root-owned file to the user): refused. */
function notOwner(path: string, owner: number, me: number): Result<never> {
  return fail({
    layer: 'settings',
    code: 'not-owner',
    reason: `${path} belongs to another user (uid ${owner}${owner === 0 ? ', root' : ''}), not to you (uid ${me}): saving would replace it with a file of yours, and its owner would silently lose it.`,
    remedy: `Nothing was written. If the file is yours to edit, take it back first (sudo chown $(id -un) ${path}), or edit it as its owner.`,
  });
}

const TEMP_NAME = /^\..+\.routelights-(\d+)-[0-9a-f]+\.tmp$/;

/** Whether a process still runs (one of another user's counts: it cannot be signalled, but it is there). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temporary files (of the file or its backups) that a writer killed mid-save left in `dir`. */
async function removeStaleTemps(dir: string): Promise<void> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const stale = names.filter((name) => {
    const m = TEMP_NAME.exec(name);
    return m !== null && !processAlive(Number(m[1]));
  });
  await Promise.all(stale.map((name) => fs.rm(join(dir, name), { force: true })));
}

/** Writes bytes to a new file beside `target`, fsyncs it, and renames it over `target`. */
async function replaceFile(target: string, bytes: Uint8Array, mode: number, beforeRename?: () => Promise<boolean>): Promise<boolean> {
  const temp = join(dirname(target), `.${basename(target)}.routelights-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, mode);
  try {
    try {
      await handle.writeFile(bytes);
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (beforeRename && !(await beforeRename())) {
      await fs.rm(temp, { force: true });
      return false;
    }
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dirname(target));
  return true;
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, constants.O_RDONLY).catch(() => null);
  if (!handle) return;
  // Some platforms refuse fsync on a directory; the rename itself has already happened.
  await handle.sync().catch(() => undefined);
  await handle.close();
}

async function writeBackup(settingsPath: string, dir: string, content: Uint8Array, now: Date): Promise<string> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const base = basename(settingsPath);
  for (let attempt = 0; ; attempt++) {
    const candidate = join(dir, backupName(base, now, attempt));
    const exists = await fs.lstat(candidate).then(() => true, () => false);
    if (exists) continue;
    await replaceFile(candidate, content, NEW_FILE_MODE);
    return candidate;
  }
}

/**
 * Replaces the file at `path` with `text` if its content still has `expectedRevision` (null: the file
 * must not exist yet). The previous content is backed up beside `path` first. Any failure leaves the
 * old file whole and returns a Failure naming the cause.
 */
export async function safeWrite(
  path: string,
  text: string,
  expectedRevision: string | null,
  options: SafeWriteOptions = {},
): Promise<Result<WriteOutcome>> {
  const now = options.now ?? (() => new Date());
  let target = resolve(path);
  try {
    target = await resolveTarget(path);
    const stat = await fs.stat(target).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (stat?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    const me = process.getuid?.();
    if (stat && me !== undefined && stat.uid !== me) return notOwner(target, stat.uid, me);
    const current = await readIfPresent(target);
    if ((current ? revisionOf(current) : null) !== expectedRevision) return conflict(path);
    const bytes = new TextEncoder().encode(text);
    // Nothing to change: no write, and no backup identical to the file.
    if (current?.equals(bytes)) return ok({ revision: revisionOf(bytes), backupPath: null, targetPath: target });
    // A new file may be the first in its folder (a new ~/.factory, a project's .factory).
    if (!current) await fs.mkdir(dirname(target), { recursive: true, mode: 0o700 });

    await removeStaleTemps(dirname(target));
    if (dirname(target) !== dirname(resolve(path))) await removeStaleTemps(dirname(resolve(path)));
    const backupDir = options.backupDir ?? besideFile(path);
    const keep = options.keepBackups ?? DEFAULT_KEEP_BACKUPS;
    // Room is made before the backup is written, so that writers killed between the two never pile up backups.
    const backingUp = !!current && !options.backedUp?.has(target);
    if (backingUp) await pruneBackups(path, Math.max(0, keep - 1), backupDir);
    const backupPath = backingUp ? await writeBackup(path, backupDir, current, now()) : null;
    if (backupPath) options.backedUp?.add(target);
    if (backupPath && options.action) await writeActionNote(backupPath, options.action);
    const mode = stat ? stat.mode & 0o7777 : NEW_FILE_MODE;
    const stillSame = async () => {
      const again = await readIfPresent(target);
      return (again ? revisionOf(again) : null) === expectedRevision;
    };
    if (!(await replaceFile(target, bytes, mode, stillSame))) return conflict(path);
    if (backupPath) await pruneBackups(path, keep, backupDir);
    return ok({ revision: revisionOf(bytes), backupPath, targetPath: target });
  } catch (error) {
    return fail(fsFailure('writing', target, error));
  }
}
