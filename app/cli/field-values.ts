// Parses `--field NAME=VALUE` into a typed value: numbers and booleans for the fields Droid types that
// way, strings for the rest of the known fields, JSON (else a string) for unknown fields.
import { fail, ok, type Result } from '../model/failure.ts';
import { keyReference } from '../model/key-name.ts';
import { OTHER_FIELDS, ROUTE_FIELDS, type FieldType } from '../model/route.ts';

const TYPES: Record<string, FieldType> = { ...ROUTE_FIELDS, ...OTHER_FIELDS };

function usage(reason: string, remedy: string): Result<never> {
  return fail({ layer: 'usage', code: 'bad-field', reason, remedy });
}

export function parseFieldValue(name: string, raw: string): Result<unknown> {
  const type = Object.hasOwn(TYPES, name) ? TYPES[name] : undefined;
  if (type === 'integer') {
    const n = Number(raw);
    return raw.trim() !== '' && Number.isInteger(n) ? ok(n) : usage(`"${name}" takes a whole number, not ${JSON.stringify(raw)}.`, `Write e.g. --field ${name}=8192.`);
  }
  if (type === 'boolean') {
    return raw === 'true' || raw === 'false' ? ok(raw === 'true') : usage(`"${name}" takes true or false, not ${JSON.stringify(raw)}.`, `Write --field ${name}=true or =false.`);
  }
  if (name === 'apiKey' && keyReference(raw) === null) {
    return usage('A key value on the command line would land in your shell history and process list.', 'Pipe it in with --api-key-stdin, or write a reference with --api-key-ref VAR.');
  }
  if (type === 'string') return ok(raw);
  try {
    return ok(JSON.parse(raw) as unknown);
  } catch {
    return ok(raw);
  }
}

/** `NAME=VALUE` → [name, typed value]. */
export function parseFieldAssignment(text: string): Result<[string, unknown]> {
  const at = text.indexOf('=');
  const name = at > 0 ? text.slice(0, at).trim() : '';
  if (!name) return usage(`${JSON.stringify(text)} is not of the form NAME=VALUE.`, 'Write e.g. --field displayName="GLM 5.1 [ZAI Coding]".');
  const value = parseFieldValue(name, text.slice(at + 1));
  return value.ok ? ok([name, value.value]) : value;
}
