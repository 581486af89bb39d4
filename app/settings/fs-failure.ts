// Turns a file-system error into a Failure a person can act on: which file, what the system said, what to do.
import type { Failure } from '../model/failure.ts';

export function fsFailure(action: string, path: string, error: unknown): Failure {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'EUNKNOWN';
  const base = { layer: 'settings' as const, code: code.toLowerCase() };
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return { ...base, reason: `Permission denied ${action} ${path}.`, remedy: `Check the owner and permissions of ${path} and its folder (ls -l), then try again.` };
    case 'EROFS':
      return { ...base, reason: `${path} is on a read-only file system, so it cannot be changed (${action}).`, remedy: 'Make the file system writable, or point --settings at a writable copy.' };
    case 'ENOSPC':
    case 'EDQUOT':
      return { ...base, reason: `The disk is full (or over quota) while ${action} ${path}.`, remedy: 'Free some space on that disk and try again; nothing was changed.' };
    case 'EISDIR':
      return { ...base, reason: `${path} is a directory, not a settings file.`, remedy: 'Move the directory out of the way or point --settings at the real file.' };
    case 'ENOTDIR':
      return { ...base, reason: `A part of ${path} is not a directory.`, remedy: 'Check the path given with --settings or $ROUTELIGHTS_SETTINGS.' };
    case 'ELOOP':
      return { ...base, reason: `${path} is a symlink that loops back on itself.`, remedy: 'Fix the link (ls -l) so that it ends at a real file.' };
    default:
      return { ...base, reason: `Could not finish ${action} ${path}: ${(error as Error | undefined)?.message ?? String(error)}.`, remedy: 'Check the file and its folder, then try again; nothing was changed.' };
  }
}
