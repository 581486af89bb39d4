// Real file-system faults for tests: a read-only folder (a tmpfs remounted read-only when we are root,
// where permission bits mean nothing; chmod otherwise) and a tiny tmpfs that fills up.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';

const isRoot = process.getuid?.() === 0;

function mount(args: string[]): boolean {
  try {
    execFileSync('mount', args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Mounts a tmpfs of `size` at `dir` (root only); returns false where mounting is not allowed. */
export function mountTmpfs(dir: string, size: string): boolean {
  mkdirSync(dir, { recursive: true });
  return isRoot && mount(['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir]);
}

export function unmount(dir: string): void {
  try {
    execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
  } catch {
    // already gone
  }
}

/** Makes `dir` read-only; returns a function that undoes it, or null where neither way works. */
export function makeReadOnly(dir: string): (() => void) | null {
  if (isRoot) return mount(['-o', 'remount,ro', dir]) ? () => void mount(['-o', 'remount,rw', dir]) : null;
  chmodSync(dir, 0o500);
  return () => chmodSync(dir, 0o700);
}

export { isRoot };
