// `npm run bench`: runs every benchmark in test/bench (or the ones named) one after another.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
for (const file of readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort()) {
  if (wanted.length && !wanted.some((w) => file.includes(w))) continue;
  await import(new URL(file, import.meta.url).href);
}
