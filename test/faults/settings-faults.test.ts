// Settings under faults (beside the crash test and the read-only / full-disk cases in
// test/unit/settings/safe-write.test.ts): a concurrent writer, a 50 MB file, invalid UTF-8, the file
// replaced by a directory or a looping symlink. The old file always survives whole, each with a clear
// message. A file owned by another user is never replaced.
import { spawn } from 'node:child_process';
import { chownSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, type ParseError } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { applyRouteChange } from '../../app/settings/route-edits.ts';
import { loadRouteMap } from '../../app/settings/route-map.ts';
import { cli } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch.ts';
import { sources } from '../helpers/sources.ts';

const LOOP = fileURLToPath(new URL('../helpers/save-loop.ts', import.meta.url));
const dir = scratchDir('rl-settings-faults-');

describe('settings faults', () => {
  it('two writers at once: no torn file, the loser is refused as a conflict, never silently overwritten', async () => {
    const path = join(dir, 'concurrent.json');
    const a = join(dir, 'a.txt');
    const b = join(dir, 'b.txt');
    const body = (tag: string) => `{ "customModels": [], "writer": "${tag}", "pad": "${tag.repeat(200_000)}" }\n`;
    writeFileSync(a, body('A'));
    writeFileSync(b, body('B'));
    writeFileSync(path, body('A'));
    // Two save loops race on the same file for two seconds.
    const children = [0, 1].map(() => spawn(process.execPath, ['--disable-warning=ExperimentalWarning', LOOP, path, a, b], { stdio: ['ignore', 'ignore', 'pipe'] }));
    const errors: string[] = [];
    for (const c of children) c.stderr!.on('data', (d: Buffer) => errors.push(d.toString()));
    await new Promise((r) => setTimeout(r, 2_000));
    for (const c of children) c.kill('SIGKILL');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    const text = readFileSync(path, 'utf8');
    expect([body('A'), body('B')]).toContain(text);
    // A loop stops at its first refused write: it was a conflict, named as such.
    for (const e of errors) expect(e).toMatch(/changed on disk since RouteLights read it/);
  });

  it('a 50 MB file: read, edited and written whole, within bounds', async () => {
    const path = join(dir, 'big.json');
    const pad = Array.from({ length: 50 }, (_, i) => `    "${i}": "${'z'.repeat(1024 * 1024 - 16)}"`).join(',\n');
    writeFileSync(path, `{\n  "customModels": [],\n  "notes": {\n${pad}\n  }\n}\n`);
    const started = Date.now();
    const map = await loadRouteMap(sources(path));
    if (!map.ok) throw new Error(map.failure.reason);
    const added = await applyRouteChange(map.value, { kind: 'add', entry: { model: 'm', id: 'custom:M-0', baseUrl: 'http://127.0.0.1:4000/v1', provider: 'generic-chat-completion-api' } });
    expect(added.ok).toBe(true);
    const errors: ParseError[] = [];
    const doc = parse(readFileSync(path, 'utf8'), errors) as { customModels: unknown[]; notes: Record<string, string> };
    expect(errors).toEqual([]);
    expect(doc.customModels).toHaveLength(1);
    expect(Object.keys(doc.notes)).toHaveLength(50);
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('invalid UTF-8: refused with the reason, never written', async () => {
    const path = join(dir, 'latin1.json');
    const bytes = Buffer.concat([Buffer.from('{ "customModels": [], "name": "caf'), Buffer.from([0xe9]), Buffer.from('" }\n')]);
    writeFileSync(path, bytes);
    const out = await cli(['routes', 'add', '--settings', path, '--id', 'custom:X-0', '--model', 'x', '--base-url', 'http://127.0.0.1:4000/v1', '--provider', 'generic-chat-completion-api']);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/is not valid UTF-8/);
    expect(out.stderr).toMatch(/remedy: Re-save the file as UTF-8/);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('the settings file replaced by a directory, and a symlink that loops: clear messages', async () => {
    const asDir = join(dir, 'dir-instead.json');
    mkdirSync(asDir);
    const one = await cli(['routes', 'list', '--settings', asDir]);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/is a folder, not a settings file\.\n {2}remedy: Move the folder out of the way, or point --settings at the real file/);
    const loop = join(dir, 'loop.json');
    symlinkSync(loop, loop);
    const two = await cli(['routes', 'list', '--settings', loop]);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/symlink that loops/);
    rmSync(loop);
  });

  // Tests run as root here, so a file can be given to another user; as anyone else chown would need sudo.
  it.runIf(process.getuid?.() === 0)('a settings file owned by another user: refused, naming the owner and how to take it back; nothing changes hands', async () => {
    const path = join(dir, 'others.json');
    const text = '{ "customModels": [ { "model": "m", "id": "custom:M-0", "baseUrl": "http://127.0.0.1:4000/v1", "provider": "generic-chat-completion-api" } ] }\n';
    writeFileSync(path, text, { mode: 0o644 });
    chownSync(path, 65534, 65534);
    const out = await cli(['routes', 'set', 'custom:M-0', '--settings', path, '--field', 'model=n']);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/belongs to another user \(uid 65534\), not to you \(uid 0\)/);
    expect(out.stderr).toMatch(/remedy: Nothing was written\. .*chown/);
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(statSync(path).uid).toBe(65534);
  });
});
