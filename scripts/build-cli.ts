// Builds the `routelights` command into dist/cli/ with rolldown: our code, commander, zod and
// jsonc-parser in a few files, each command's code in a chunk of its own loaded when it runs. Node then
// starts a command from a handful of files instead of hundreds, about twice as fast (npm run bench --
// coldstart). What only heavy commands need (probes, child processes, metrics, the native keychain)
// stays in node_modules and is loaded on first use.
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = `${root}dist/cli`;
const EXTERNAL = /^(undici|execa|prom-client|p-limit|@napi-rs\/keyring)(\/|$)|^node:/;

await rm(outDir, { recursive: true, force: true });
await build({
  input: { routelights: `${root}app/cli/bin.ts` },
  platform: 'node',
  external: (id) => EXTERNAL.test(id),
  // jsonc-parser's "main" is a UMD build whose requires a bundler cannot follow; its ES build is "module".
  resolve: { mainFields: ['module', 'main'] },
  logLevel: 'warn',
  output: { dir: outDir, format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', sourcemap: true },
});
