// Draws the tray's template images (monochrome: black with alpha, so macOS tints them for light and
// dark menu bars) and the app icon. One shape per overall light, readable without colour: a full disc
// (green), a half disc (yellow), a ring (gray) and a crossed ring (red). Run: npm run icons.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

type Shape = (x: number, y: number) => number;
const OUT = fileURLToPath(new URL('../assets/', import.meta.url));
const SUPERSAMPLE = 4;

const disc = (x: number, y: number) => (Math.hypot(x, y) <= 0.8 ? 1 : 0);
const ring = (x: number, y: number) => (Math.hypot(x, y) <= 0.8 && Math.hypot(x, y) >= 0.58 ? 1 : 0);
const SHAPES: Record<string, Shape> = {
  green: disc,
  yellow: (x, y) => Math.max(ring(x, y), x <= 0 && Math.hypot(x, y) <= 0.8 ? 1 : 0),
  gray: ring,
  red: (x, y) => Math.max(ring(x, y), Math.hypot(x, y) <= 0.8 && (Math.abs(x - y) < 0.2 || Math.abs(x + y) < 0.2) ? 1 : 0),
};

/** Coverage of each pixel by the shape (supersampled), in a square of `size` pixels. */
function draw(size: number, shape: Shape, rgb: [number, number, number] = [0, 0, 0]): PNG {
  const png = new PNG({ width: size, height: size });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let covered = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const x = ((px + (sx + 0.5) / SUPERSAMPLE) / size) * 2 - 1;
          const y = ((py + (sy + 0.5) / SUPERSAMPLE) / size) * 2 - 1;
          covered += shape(x, y);
        }
      }
      const i = (py * size + px) * 4;
      png.data[i] = rgb[0];
      png.data[i + 1] = rgb[1];
      png.data[i + 2] = rgb[2];
      png.data[i + 3] = Math.round((255 * covered) / SUPERSAMPLE ** 2);
    }
  }
  return png;
}

export function drawIcons(out = OUT): string[] {
  mkdirSync(out, { recursive: true });
  const written: string[] = [];
  const save = (name: string, png: PNG) => {
    writeFileSync(join(out, name), PNG.sync.write(png));
    written.push(name);
  };
  for (const [light, shape] of Object.entries(SHAPES)) {
    save(`tray-${light}Template.png`, draw(16, shape));
    save(`tray-${light}Template@2x.png`, draw(32, shape));
  }
  // The app icon: three lights on a dark rounded panel.
  const size = 512;
  const lights: Array<[number, [number, number, number]]> = [[-0.5, [230, 60, 60]], [0, [240, 180, 40]], [0.5, [60, 190, 90]]];
  const panel = draw(size, (x, y) => (Math.abs(x) < 0.55 && Math.abs(y) < 0.9 ? 1 : 0), [40, 40, 48]);
  for (const [cy, rgb] of lights) {
    const lamp = draw(size, (x, y) => (Math.hypot(x, y - cy) <= 0.2 ? 1 : 0), rgb);
    for (let i = 0; i < panel.data.length; i += 4) {
      if (lamp.data[i + 3]! > 0) for (let c = 0; c < 4; c++) panel.data[i + c] = lamp.data[i + c]!;
    }
  }
  save('icon.png', panel);
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const name of drawIcons()) process.stdout.write(`assets/${name}\n`);
}
