// Droid's legacy ~/.factory/config.json: `custom_models` in snake_case. Maps its field names to the
// camelCase RouteLights uses everywhere, and back when an edit is written to that file.

/** camelCase (settings.json) name → snake_case (config.json) name, where they differ. */
const TO_LEGACY: Record<string, string> = {
  displayName: 'model_display_name',
  baseUrl: 'base_url',
  apiKey: 'api_key',
  maxOutputTokens: 'max_tokens',
  extraArgs: 'extra_args',
  extraHeaders: 'extra_headers',
};
const FROM_LEGACY = Object.fromEntries(Object.entries(TO_LEGACY).map(([k, v]) => [v, k]));

export const LEGACY_ARRAY_KEY = 'custom_models';

export function legacyFieldName(field: string): string {
  return field === 'noImageSupport' ? 'supports_images' : (TO_LEGACY[field] ?? field);
}

/** A legacy entry in camelCase; `supports_images` becomes its inverse `noImageSupport`. */
export function fromLegacyEntry(entry: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) {
    if (key === 'supports_images') out.noImageSupport = typeof value === 'boolean' ? !value : value;
    else out[FROM_LEGACY[key] ?? key] = value;
  }
  return out;
}

/** A camelCase value for a legacy field (inverting noImageSupport). */
export function toLegacyValue(field: string, value: unknown): unknown {
  return field === 'noImageSupport' && typeof value === 'boolean' ? !value : value;
}

/** The name part of a derived id: the display name (else the model) with spaces turned into dashes. */
export function derivedIdName(displayName: string | undefined, model: string | undefined): string {
  return (displayName ?? model ?? 'model').trim().replace(/\s+/g, '-');
}

/**
 * The id Droid 0.225 gives a custom model that has none written: `custom:<name>-<n>`, where n counts the
 * earlier entries of the same file with the same name (measured: two "Dup" entries became custom:Dup-0
 * and custom:Dup-1; see docs/droid-notes.md).
 */
export function derivedCustomId(name: string, occurrence: number): string {
  return `custom:${name}-${occurrence}`;
}
