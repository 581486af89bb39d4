// The safe write: conflicts refused, backups named and pruned, mode kept, symlinks followed, and every
// failure leaves the old file whole with a message that names the cause.
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { revisionOf } from '../../../app/settings/jsonc-document.ts';
import { listBackups } from '../../../app/settings/backups.ts';
import { safeWrite } from '../../../app/settings/safe-write.ts';
import { isRoot, makeReadOnly, mountTmpfs, unmount } from '../../helpers/mounts.ts';
import { scratchDir } from '../../helpers/scratch.ts';

const root = scratchDir();
let n = 0;
function fresh(content = '{ "customModels": [] }\n'): { dir: string; path: string } {
  const dir = join(root, `w${n++}`);
  mkdirSync(dir);
  const path = join(dir, 'settings.json');
  writeFileSync(path, content);
  return { dir, path };
}
const rev = (path: string) => revisionOf(readFileSync(path));

describe('safeWrite', () => {
  it('replaces the file and backs up the old content under the field guide\'s name', async () => {
    const { dir, path } = fresh('{ "old": true }\n');
    const result = await safeWrite(path, '{ "new": true }\n', rev(path), { now: () => new Date('2026-11-24T17:45:00.123Z') });
    expect(result.ok).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe('{ "new": true }\n');
    expect(readFileSync(join(dir, 'settings.json.backup-20261124T174500Z'), 'utf8')).toBe('{ "old": true }\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a write when the file changed on disk since it was read, and writes nothing', async () => {
    const { dir, path } = fresh('{ "a": 1 }\n');
    const seen = rev(path);
    writeFileSync(path, '{ "a": 2, "droid": "wrote this" }\n');
    const result = await safeWrite(path, '{ "mine": true }\n', seen);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.failure.code).toBe('conflict');
      expect(result.failure.remedy).toMatch(/Reload/);
    }
    expect(readFileSync(path, 'utf8')).toBe('{ "a": 2, "droid": "wrote this" }\n');
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('creates a missing file with mode 0600 and keeps an existing file\'s mode', async () => {
    const { dir, path } = fresh();
    chmodSync(path, 0o640);
    await safeWrite(path, '{}\n', rev(path));
    expect(statSync(path).mode & 0o777).toBe(0o640);
    const created = join(dir, 'new.json');
    const result = await safeWrite(created, '{}\n', null);
    expect(result.ok).toBe(true);
    expect(statSync(created).mode & 0o777).toBe(0o600);
  });

  it('writes through a symlink to its target and leaves the link a link', async () => {
    const { dir } = fresh();
    const dotfiles = join(dir, 'dotfiles');
    mkdirSync(dotfiles);
    const target = join(dotfiles, 'factory-settings.json');
    writeFileSync(target, '{ "v": 1 }\n');
    const link = join(dir, 'linked.json');
    symlinkSync(target, link);
    const result = await safeWrite(link, '{ "v": 2 }\n', rev(target));
    expect(result.ok).toBe(true);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
    expect(readFileSync(target, 'utf8')).toBe('{ "v": 2 }\n');
    expect((await listBackups(link)).length).toBe(1);
  });

  it('keeps only the newest 20 backups', async () => {
    const { path } = fresh('{ "i": -1 }\n');
    for (let i = 0; i < 25; i++) {
      const result = await safeWrite(path, `{ "i": ${i} }\n`, rev(path), { now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, i)) });
      expect(result.ok).toBe(true);
    }
    const backups = await listBackups(path);
    expect(backups).toHaveLength(20);
    expect(backups[0]!.name).toBe('settings.json.backup-20260101T000024Z');
    expect(readFileSync(backups[0]!.path, 'utf8')).toBe('{ "i": 23 }\n');
  });

  it('two saves in the same second get distinct backups', async () => {
    const { path } = fresh('{ "a": 0 }\n');
    const now = () => new Date('2026-11-24T10:00:00Z');
    await safeWrite(path, '{ "a": 1 }\n', rev(path), { now });
    await safeWrite(path, '{ "a": 2 }\n', rev(path), { now });
    const names = (await listBackups(path)).map((b) => b.name);
    expect(names).toEqual(['settings.json.backup-20261124T100000Z-1', 'settings.json.backup-20261124T100000Z']);
  });

  it('a read-only folder: the old file survives and the message says why', async (ctx) => {
    const dir = join(root, 'readonly');
    const mounted = isRoot ? mountTmpfs(dir, '1m') : (mkdirSync(dir), true);
    if (!mounted) ctx.skip(true, 'this machine allows neither a tmpfs mount (as root) nor chmod-based read-only folders');
    try {
      const path = join(dir, 'settings.json');
      writeFileSync(path, '{ "keep": "me" }\n');
      const undo = makeReadOnly(dir);
      expect(undo).not.toBeNull();
      try {
        const result = await safeWrite(path, '{}\n', rev(path));
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.failure.reason).toMatch(/Permission denied|read-only file system/);
      } finally {
        undo?.();
      }
      expect(readFileSync(path, 'utf8')).toBe('{ "keep": "me" }\n');
      expect(readdirSync(dir)).toEqual(['settings.json']);
    } finally {
      if (isRoot) unmount(dir);
    }
  });

  it('a full disk: the old file survives whole, no temporary file is left, and the message says so', async (ctx) => {
    const dir = join(root, 'full');
    if (!mountTmpfs(dir, '64k')) ctx.skip(true, 'needs root to mount a small tmpfs');
    try {
      const path = join(dir, 'settings.json');
      const old = `{ "customModels": [], "pad": "${'p'.repeat(20_000)}" }\n`;
      writeFileSync(path, old);
      const result = await safeWrite(path, `{ "big": "${'b'.repeat(60_000)}" }\n`, rev(path));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.failure.reason).toMatch(/disk is full/);
      expect(readFileSync(path, 'utf8')).toBe(old);
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      unmount(dir);
    }
  });

  it('a directory where the file should be: refused with a clear message', async () => {
    const { dir } = fresh();
    const path = join(dir, 'isdir.json');
    mkdirSync(path);
    const result = await safeWrite(path, '{}\n', null);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.failure.reason).toMatch(/is a directory/);
    expect(statSync(path).isDirectory()).toBe(true);
  });
});
