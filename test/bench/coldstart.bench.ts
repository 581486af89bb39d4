// Benchmark (printed): how fast the `routelights` command starts, each command run as a whole process
// from bin/routelights.js on Node 24, beside bare `node -e 0` in the same run: the median wall time of
// $BENCH_COLDSTART_RUNS runs (default 15), its ratio to bare Node, and the peak memory. `status --json`
// and `routes list` are measured twice: with nothing running (the command runs the service itself) and
// answered by a running `routelights serve` over its Unix socket.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTable } from './table.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'routelights.js');
const runs = Number(process.env.BENCH_COLDSTART_RUNS ?? 15);
const gnuTime = existsSync('/usr/bin/time');

spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.ts')], { stdio: 'inherit' });
const dir = mkdtempSync(join(tmpdir(), 'rl-coldstart-'));
const settings = join(dir, 'settings.json');
writeFileSync(settings, JSON.stringify({ customModels: Array.from({ length: 20 }, (_, i) => ({ model: `m-${i}`, id: `custom:C-${i}`, index: i, baseUrl: `http://127.0.0.1:9/v1`, apiKey: '${COLDSTART_KEY}', provider: 'generic-chat-completion-api' })) }));
const env = { ...process.env, ROUTELIGHTS_HOME: join(dir, 'data'), ROUTELIGHTS_KEYCHAIN: 'off', HOME: dir };

/** Median wall time (ms) and the highest peak RSS (MB) of one command run as a whole process. */
function measure(args: string[]): { ms: number; rssMb: number | null } {
  const times: number[] = [];
  let rss: number | null = null;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const run = gnuTime ? spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { env, encoding: 'utf8' }) : spawnSync(process.execPath, args, { env, encoding: 'utf8' });
    times.push(performance.now() - t0);
    const kb = gnuTime ? Number(run.stderr.trim().split('\n').at(-1)) : NaN;
    if (Number.isFinite(kb)) rss = Math.max(rss ?? 0, kb / 1024);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, rssMb: rss };
}

const rows: string[][] = [];
const bare = measure(['-e', '0']);
const row = (name: string, m: { ms: number; rssMb: number | null }) => rows.push([name, m.ms.toFixed(1), (m.ms / bare.ms).toFixed(2), m.rssMb === null ? '-' : m.rssMb.toFixed(0)]);
row('node -e 0 (bare Node)', bare);
row('routelights --help', measure([BIN, '--help']));
row('routes list', measure([BIN, 'routes', 'list', '--settings', settings]));
row('lint', measure([BIN, 'lint', '--settings', settings]));
row('status --json (no app: probes itself)', measure([BIN, 'status', '--json', '--settings', settings]));

const served = spawn(process.execPath, [BIN, 'serve', '--settings', settings], { env, stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise<void>((resolve) => served.stdout.on('data', (d: Buffer) => d.toString().includes('Open:') && resolve()));
row('status --json (answered by serve)', measure([BIN, 'status', '--json', '--settings', settings]));
row('routes list (answered by serve)', measure([BIN, 'routes', 'list', '--settings', settings]));
served.kill('SIGTERM');
await new Promise((resolve) => served.once('exit', resolve));

printTable(`Cold start: each command as a whole process, median of ${runs} (Node ${process.versions.node})`, ['command', 'median ms', '× bare Node', 'peak RSS MB'], rows);
