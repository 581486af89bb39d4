// What a key is called everywhere: an environment variable name, as Droid reads it in `${NAME}`. The
// pattern is written here once; the contract, the store, the redactor, the CLI and the window use it.
export const KEY_NAME_PATTERN = '[A-Za-z_][A-Za-z0-9_]*';

const NAME = new RegExp(`^${KEY_NAME_PATTERN}$`);
const REFERENCE = new RegExp(`^\\$\\{(${KEY_NAME_PATTERN})\\}$`);

export function isKeyName(name: string): boolean {
  return NAME.test(name);
}

/** The NAME of a `${NAME}` reference (surrounding spaces allowed), or null for anything else. */
export function keyReference(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return REFERENCE.exec(value.trim())?.[1] ?? null;
}

/** The reference Droid expands: `${NAME}`. */
export function referenceTo(name: string): string {
  return `\${${name}}`;
}

const REFERENCES = () => new RegExp(`\\$\\{(${KEY_NAME_PATTERN})\\}`, 'g');

/** The NAMEs of every `${NAME}` in a text (a header value, say). */
export function referenceNames(text: string): string[] {
  return [...text.matchAll(REFERENCES())].map((m) => m[1]!);
}

/** The text with every `${NAME}` replaced by `value(NAME)`, or kept as written where that is undefined. */
export function expandReferences(text: string, value: (name: string) => string | undefined): string {
  return text.replace(REFERENCES(), (written, name: string) => value(name) ?? written);
}
