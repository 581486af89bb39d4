// Crash consistency: a process saving settings.json in a loop is killed with SIGKILL at random moments,
// 200 times. After every kill the file parses and equals one of the two contents, whole.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, type ParseError } from 'jsonc-parser';
import { expect, it } from 'vitest';
import { scratchDir } from '../helpers/scratch.ts';

const LOOP = fileURLToPath(new URL('../helpers/save-loop.ts', import.meta.url));
const KILLS = 200;

function content(tag: string, routes: number): string {
  const entries = Array.from({ length: routes }, (_, i) => `    // ${tag} route ${i}\n    { "model": "${tag}-${i}", "id": "custom:${tag}-${i}", "index": ${i}, "baseUrl": "http://127.0.0.1:4000/v1", "provider": "generic-chat-completion-api" }`);
  return `{\n  // variant ${tag}\n  "customModels": [\n${entries.join(',\n')}\n  ]\n}\n`;
}

async function runAndKill(path: string, a: string, b: string, delayMs: number): Promise<void> {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', LOOP, path, a, b], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`save loop exited early with ${code}`)));
  });
  await new Promise((r) => setTimeout(r, delayMs));
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

it(`settings.json survives ${KILLS} SIGKILLs during saves, always whole`, async () => {
  const dir = scratchDir('rl-crash-');
  const a = content('A', 400);
  const b = content('B', 900);
  const aPath = join(dir, 'a.txt');
  const bPath = join(dir, 'b.txt');
  writeFileSync(aPath, a);
  writeFileSync(bPath, b);
  const path = join(dir, 'settings.json');
  writeFileSync(path, a);
  const seen = { A: 0, B: 0 };
  for (let i = 0; i < KILLS; i++) {
    // Mostly early kills (inside the first save), every tenth after a few saves have completed.
    await runAndKill(path, aPath, bPath, i % 10 === 0 ? 250 : Math.floor(Math.random() * 40));
    const text = readFileSync(path, 'utf8');
    const errors: ParseError[] = [];
    parse(text, errors, { allowTrailingComma: true });
    expect(errors).toEqual([]);
    expect(text === a || text === b).toBe(true);
    seen[text === a ? 'A' : 'B']++;
  }
  // The kills landed at different points of the loop: both contents were seen on disk.
  expect(seen.A).toBeGreaterThan(0);
  expect(seen.B).toBeGreaterThan(0);
  const backups = readdirSync(dir).filter((f) => f.includes('.backup-'));
  // Never more than the 3 kept, whichever moments the kills hit (room is made before each backup).
  expect(backups.filter((f) => !f.endsWith('.tmp')).length).toBeLessThanOrEqual(3);
  // Temporary files of killed writers are swept by the next save: at most the last kill's remain.
  expect(readdirSync(dir).filter((f) => f.endsWith('.tmp')).length).toBeLessThanOrEqual(2);
}, 300_000);
