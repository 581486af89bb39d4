// Lights: the colour a person sees, always with what was seen (reason) and what to do (remedy).
import { z } from 'zod';

export const COLORS = ['green', 'yellow', 'red', 'gray'] as const;
export type Color = (typeof COLORS)[number];
export const colorSchema = z.enum(COLORS);

export interface Light {
  color: Color;
  reason: string;
  remedy: string;
}

/** How bad a colour is: the overall light is the worst; gray (not checked) is better than yellow. */
const SEVERITY: Record<Color, number> = { green: 0, gray: 1, yellow: 2, red: 3 };

export function worst(colors: readonly Color[]): Color {
  return colors.reduce<Color>((acc, c) => (SEVERITY[c] > SEVERITY[acc] ? c : acc), 'green');
}

export function colorRank(color: Color): number {
  return SEVERITY[color];
}
