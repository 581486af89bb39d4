// A child process for the crash test: saves settings.json with the safe write in an endless loop,
// flipping between two contents, until it is killed.
import { readFileSync } from 'node:fs';
import { revisionOf } from '../../app/settings/jsonc-document.ts';
import { safeWrite } from '../../app/settings/safe-write.ts';

const [path, a, b] = process.argv.slice(2) as [string, string, string];
const contentA = readFileSync(a, 'utf8');
const contentB = readFileSync(b, 'utf8');
process.stdout.write('ready\n');
for (;;) {
  const current = readFileSync(path);
  const next = current.toString('utf8') === contentA ? contentB : contentA;
  const result = await safeWrite(path, next, revisionOf(current), { keepBackups: 3 });
  if (!result.ok) {
    process.stderr.write(`${result.failure.reason}\n`);
    process.exit(3);
  }
}
