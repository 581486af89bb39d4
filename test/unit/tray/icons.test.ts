// The icon script's output: a template image per light at 16 and 32 px (@2x), black with alpha only,
// and the four lights differ from each other.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { expect, it } from 'vitest';
import { drawIcons } from '../../../scripts/draw-icons.ts';
import { scratchDir } from '../../helpers/scratch.ts';

it('draws distinct monochrome template images for every light, at 1x and 2x', () => {
  const dir = scratchDir('rl-icons-');
  const written = drawIcons(dir);
  const lights = ['green', 'yellow', 'gray', 'red'];
  const alphas: string[] = [];
  for (const light of lights) {
    for (const [suffix, size] of [['', 16], ['@2x', 32]] as const) {
      const name = `tray-${light}Template${suffix}.png`;
      expect(written).toContain(name);
      const png = PNG.sync.read(readFileSync(join(dir, name)));
      expect([png.width, png.height]).toEqual([size, size]);
      for (let i = 0; i < png.data.length; i += 4) expect(png.data[i]! + png.data[i + 1]! + png.data[i + 2]!).toBe(0);
      if (size === 32) alphas.push(Buffer.from(png.data.filter((_, i) => i % 4 === 3)).toString('base64'));
    }
  }
  expect(new Set(alphas).size).toBe(lights.length);
  expect(written).toContain('icon.png');
});
