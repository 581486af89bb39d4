// Interrupts: `routelights sentinels --draft` (a draft holds a plain key) stopped by SIGINT, SIGTERM or
// SIGHUP at 20 random moments, with the real Droid waiting on a model that never answers: every time the
// command exits 128 + the signal, no droid is left running and no temporary file is left anywhere. A
// RouteLights killed outright leaves its draft only in its own data folder, swept at the next start.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY } from '../helpers/canary.ts';
import { CLI_ENTRY, cliProcess } from '../helpers/cli.ts';
import { droidBinary } from '../helpers/droid.ts';
import { startOpenAiStub, type OpenAiStub } from '../helpers/openai-stub.ts';
import { scratchDir } from '../helpers/scratch.ts';

let stub: OpenAiStub;
beforeAll(async () => {
  stub = await startOpenAiStub({ models: ['slow'] });
  stub.behaviour = { kind: 'hang' };
});
afterAll(() => stub.close());

const CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;

/** Pids of live processes whose environment carries this run's mark (the CLI and every droid it started). */
function marked(mark: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'latin1').includes(mark);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function settle(check: () => boolean, ms = 3_000): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 50) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

/** A machine of its own: a draft file with a plain key, a data folder and a temp folder watched for leftovers. */
function machine() {
  const home = scratchDir('rl-interrupt-');
  const tmp = join(home, 'tmp');
  const data = join(home, 'data');
  mkdirSync(tmp);
  mkdirSync(join(home, '.factory'));
  const draft = join(home, 'draft.json');
  writeFileSync(draft, JSON.stringify({ model: 'slow', id: 'custom:Slow-0', baseUrl: `${stub.url}/v1`, apiKey: CANARY, provider: 'generic-chat-completion-api' }));
  const mark = `RL_INTERRUPT_MARK=${randomUUID()}`;
  const env = { PATH: process.env.PATH, HOME: home, TMPDIR: tmp, ROUTELIGHTS_HOME: data, ROUTELIGHTS_KEYCHAIN: 'off', RL_INTERRUPT_MARK: mark.split('=')[1] };
  return { home, tmp, data, draft, mark, env };
}

function start(env: NodeJS.ProcessEnv, draft: string): { child: ChildProcess; exit: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CLI_ENTRY, 'sentinels', '--draft', draft, '--droid', droidBinary(), '--timeout', '60'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.resume();
  return { child, exit: new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr }))) };
}

/** Every file under a folder (the draft folders are what matters; empty folders count as nothing). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => statSync(join(dir, p)).isFile());
}

describe('an interrupted draft run', () => {
  it('at 20 random moments: exit 128 + signal, 0 droid processes and 0 temporary files left', async () => {
    const signals = Object.keys(CODES) as Array<keyof typeof CODES>;
    const moments: string[] = [];
    let droidsEnded = 0;
    for (let i = 0; i < 20; i++) {
      const { tmp, data, draft, mark, env } = machine();
      const signal = signals[i % signals.length]!;
      const delay = Math.round(Math.random() * 3_000);
      moments.push(`${signal}@${delay}ms`);
      const run = start(env, draft);
      await new Promise((r) => setTimeout(r, delay));
      run.child.kill(signal);
      const { code, stderr } = await run.exit;
      const where = `${moments.at(-1)}: ${stderr}`;
      // A signal before Node has installed its handlers ends it by the default action, which is the same code to a shell.
      expect(code === CODES[signal] || run.child.signalCode === signal, where).toBe(true);
      expect(await settle(() => marked(mark).length === 0), `${where} (droid left running)`).toBe(true);
      expect(readdirSync(tmp), where).toEqual([]);
      expect(filesUnder(data).filter((f) => f.startsWith('drafts')), where).toEqual([]);
      expect(stderr).not.toContain(CANARY);
      if (/ended \d+ droid process group/.test(stderr)) droidsEnded++;
    }
    // Most moments fall while Droid runs (it starts within a second), so the droid groups were really ended.
    expect(droidsEnded, moments.join(' ')).toBeGreaterThanOrEqual(5);
    console.log(`interrupts: ${moments.length} moments, ${droidsEnded} with a droid running; 0 files, 0 processes left`);
  }, 240_000);

  it('a RouteLights killed outright leaves its draft (mode 0600) only in its data folder, and the next start sweeps it', async () => {
    const { tmp, data, draft, mark, env } = machine();
    const run = start(env, draft);
    const drafts = join(data, 'drafts');
    expect(await settle(() => marked(mark).length > 1, 20_000), 'droid started').toBe(true);
    run.child.kill('SIGKILL');
    await run.exit;
    const left = filesUnder(drafts);
    expect(left).toHaveLength(1);
    expect(statSync(join(drafts, left[0]!)).mode & 0o777).toBe(0o600);
    expect(readdirSync(tmp).filter((n) => n.includes('draft'))).toEqual([]);
    for (const pid of marked(mark)) process.kill(pid, 'SIGKILL');

    // The sweep takes only folders of its own making, named with a process that is gone: not a user's "draft-2024-q3".
    mkdirSync(join(tmp, 'draft-2024-q3'));
    mkdirSync(join(tmp, 'routelights-sentinel-2147483646-abc'));
    const next = await cliProcess(['routes', 'list'], { env });
    expect(next.code, next.stderr).toBe(0);
    expect(filesUnder(drafts)).toEqual([]);
    expect(readdirSync(tmp)).toEqual(['draft-2024-q3']);
  }, 60_000);

  it('routelights exec stopped alone by SIGTERM: the command it runs ends too, even one that ignores SIGTERM (it holds the keys)', async () => {
    const { env, mark } = machine();
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CLI_ENTRY, 'exec', '--', 'sh', '-c', 'trap "" TERM; sleep 25'], { env, stdio: 'ignore' });
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    expect(await settle(() => marked(mark).length >= 2, 20_000), 'the command started').toBe(true);
    child.kill('SIGTERM');
    expect(await exit).toBe(143);
    expect(await settle(() => marked(mark).length === 0), 'the command was left running').toBe(true);
  }, 60_000);
});
