// The folder of RouteLights' own package.json, whether running from source (app/) or built (dist/app/).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'routelights') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('RouteLights cannot find its own package.json');
    dir = up;
  }
}
