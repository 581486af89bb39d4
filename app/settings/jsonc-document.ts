// Parses a JSONC file (comments, trailing commas) into a document that remembers its exact text, its
// formatting (indentation, line ends, BOM) and its revision, so that edits can touch only what they change.
import { createHash } from 'node:crypto';
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { fail, ok, type Result } from '../model/failure.ts';
import { significantTokens } from './jsonc-tokens.ts';

export interface Formatting {
  insertSpaces: boolean;
  tabSize: number;
  eol: '\n' | '\r\n';
}

export interface JsoncDocument {
  path: string;
  /** The text without a leading BOM; `bom` says whether to put one back on write. */
  text: string;
  bom: boolean;
  /** Content hash of the bytes on disk: the conflict check compares it before every write. */
  revision: string;
  /** Null for an empty file (no routes yet). */
  root: Node | null;
  formatting: Formatting;
}

const PARSE_OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true };

export function revisionOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

/** 1-based line and column of an offset, as editors show them. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function detectFormatting(text: string): Formatting {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indented = /\n([ \t]+)\S/.exec(text);
  if (indented?.[1]?.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  const width = indented?.[1]?.length ?? 2;
  return { insertSpaces: true, tabSize: width > 0 && width <= 8 ? width : 2, eol };
}

function decodeUtf8(path: string, bytes: Uint8Array): Result<string> {
  try {
    return ok(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes));
  } catch {
    return fail({
      layer: 'settings',
      code: 'invalid-utf8',
      reason: `${path} is not valid UTF-8 text, so it cannot be read safely.`,
      remedy: 'Re-save the file as UTF-8 in an editor (or restore a backup); RouteLights will not write over it until then.',
    });
  }
}

/** Parses the bytes of a JSONC file; a file that does not parse yields its first error's line and column. */
export function parseJsonc(path: string, bytes: Uint8Array): Result<JsoncDocument> {
  const decoded = decodeUtf8(path, bytes);
  if (!decoded.ok) return decoded;
  const bom = decoded.value.startsWith('\uFEFF');
  const text = bom ? decoded.value.slice(1) : decoded.value;
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, PARSE_OPTIONS) ?? null;
  const first = errors[0];
  if (first) {
    const { line, column } = lineColumn(text, first.offset);
    return fail({
      layer: 'settings',
      code: 'parse-error',
      reason: `${path}:${line}:${column}: ${describeParseError(printParseErrorCode(first.error))}. The file does not parse as JSON with comments.`,
      remedy: `Fix the file at line ${line}, column ${column} (or restore a backup with 'routelights backups restore'); RouteLights never writes over a file it cannot parse.`,
    });
  }
  if (root && root.type !== 'object') {
    return fail({
      layer: 'settings',
      code: 'not-an-object',
      reason: `${path} holds a JSON ${root.type}, but Droid's settings file must be an object ({ … }).`,
      remedy: 'Wrap the content in an object, e.g. { "customModels": [ … ] }, or restore a backup.',
    });
  }
  return ok({ path, text, bom, revision: revisionOf(bytes), root, formatting: detectFormatting(text) });
}

/**
 * Offsets of trailing commas (a comma right before `}` or `]`, comments aside). RouteLights reads them,
 * but Droid 0.225 does not: one trailing comma and it ignores the whole file (docs/droid-notes.md).
 */
export function trailingCommas(text: string): number[] {
  const found: number[] = [];
  let lastComma = -1;
  for (const token of significantTokens(text)) {
    if ((token.raw === '}' || token.raw === ']') && lastComma >= 0) found.push(lastComma);
    lastComma = token.raw === ',' ? token.offset : -1;
  }
  return found;
}

function describeParseError(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'an unexpected character',
    InvalidNumberFormat: 'a malformed number',
    PropertyNameExpected: 'a property name is expected',
    ValueExpected: 'a value is expected',
    ColonExpected: 'a colon is expected',
    CommaExpected: 'a comma is expected',
    CloseBraceExpected: 'a closing brace } is expected',
    CloseBracketExpected: 'a closing bracket ] is expected',
    EndOfFileExpected: 'the file should end here',
    InvalidCommentToken: 'a malformed comment',
    UnexpectedEndOfComment: 'a comment is not closed',
    UnexpectedEndOfString: 'a string is not closed',
    UnexpectedEndOfNumber: 'a number ends too early',
    InvalidUnicode: 'an invalid unicode escape',
    InvalidEscapeCharacter: 'an invalid escape character',
    InvalidCharacter: 'an invalid character in a string',
  };
  return words[code] ?? code;
}
