// Lights: the colour a person sees, always with what was seen (reason) and what to do (remedy); how bad
// each colour is, and how it reads without colour (a glyph), written once for the tray, CLI and window.
export const COLORS = ['green', 'yellow', 'red', 'gray'] as const;
export type Color = (typeof COLORS)[number];

export interface Light {
  color: Color;
  reason: string;
  remedy: string;
}

/** How bad a colour is: the overall light is the worst; gray (not checked, or not used) is better than yellow. */
export const SEVERITY: Record<Color, number> = { green: 0, gray: 1, yellow: 2, red: 3 };

/** Shapes as well as colours, so that a light reads in a monochrome menu bar and in a pipe. */
export const GLYPH: Record<Color, string> = { green: '●', yellow: '◐', red: '✕', gray: '○' };

export function worst(colors: readonly Color[]): Color {
  return colors.reduce<Color>((acc, c) => (SEVERITY[c] > SEVERITY[acc] ? c : acc), 'green');
}
