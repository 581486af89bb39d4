// A light that reads without colour too: the glyph and the colour's own word beside the colour.
import { GLYPH, type Color } from '../../../app/model/light.ts';

export function Light({ color, label }: { color: Color; label?: string }) {
  return (
    <span className={`light light-${color}`} role="img" aria-label={label ?? `light ${color}`} data-light={color}>
      <span aria-hidden="true">{GLYPH[color]}</span> <span className="light-word" aria-hidden="true">{color}</span>
    </span>
  );
}
