// A light that reads without colour too: a shape and a word beside the colour.
import type { Color } from '../../../app/model/light.ts';

const SHAPE: Record<Color, string> = { green: '●', yellow: '◐', red: '✕', gray: '○' };
const WORD: Record<Color, string> = { green: 'ok', yellow: 'warn', red: 'red', gray: 'n/a' };

export function Light({ color, label }: { color: Color; label?: string }) {
  return (
    <span className={`light light-${color}`} role="img" aria-label={label ?? `light ${color}`} data-light={color}>
      <span aria-hidden="true">{SHAPE[color]}</span> <span className="light-word" aria-hidden="true">{WORD[color]}</span>
    </span>
  );
}
