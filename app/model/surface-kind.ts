// The kinds of surface RouteLights knows how to probe and read usage from: written once for the schema,
// ROUTELIGHTS_SURFACE_KINDS and the window's surface panel.
export const SURFACE_KINDS = ['vibeproxy', 'litellm', 'zai', 'kimi', 'openai-compatible', 'anthropic-compatible'] as const;
export type SurfaceKind = (typeof SURFACE_KINDS)[number];

export function isSurfaceKind(value: unknown): value is SurfaceKind {
  return typeof value === 'string' && (SURFACE_KINDS as readonly string[]).includes(value);
}
