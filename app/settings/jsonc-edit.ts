// Minimal text edits to the route array of a JSONC settings file: every byte outside the edited entry
// stays as it was, comments included, and new text follows the file's own indentation and line ends.
import { randomBytes } from 'node:crypto';
import { applyEdits, findNodeAtLocation, modify, parseTree, type JSONPath, type Node } from 'jsonc-parser';
import { fail, ok, type Result } from '../model/failure.ts';
import type { Formatting, JsoncDocument } from './jsonc-document.ts';
import { significantTokens } from './jsonc-tokens.ts';

export type EntryEdit =
  | { kind: 'add'; entry: Record<string, unknown> }
  | { kind: 'update'; position: number; set: Record<string, unknown>; unset: readonly string[] }
  | { kind: 'remove'; position: number }
  | { kind: 'move'; position: number; to: number };

function change(text: string, path: JSONPath, value: unknown, formatting: Formatting, isArrayInsertion = false): string {
  const edits = modify(text, path, value, { formattingOptions: formatting, isArrayInsertion });
  return applyEdits(text, edits);
}

function entryArray(doc: JsoncDocument, arrayKey: string): Result<Node | null> {
  const node = doc.root ? findNodeAtLocation(doc.root, [arrayKey]) : undefined;
  if (!node) return ok(null);
  if (node.type !== 'array') {
    return fail({
      layer: 'settings',
      code: 'not-an-array',
      reason: `"${arrayKey}" in ${doc.path} is a JSON ${node.type}, not a list of routes.`,
      remedy: `Make "${arrayKey}" a list ([ … ]) in an editor; RouteLights will not guess what was meant.`,
    });
  }
  return ok(node);
}

function outOfRange(doc: JsoncDocument, arrayKey: string, position: number): Result<never> {
  return fail({
    layer: 'settings',
    code: 'no-such-entry',
    reason: `${doc.path} has no entry at position ${position} of "${arrayKey}" (the file changed since it was read?).`,
    remedy: 'Reload the routes and try again.',
  });
}

/** Applies one edit and returns the new text; the document itself is not changed. */
export function editEntries(doc: JsoncDocument, arrayKey: string, edit: EntryEdit): Result<string> {
  const found = entryArray(doc, arrayKey);
  if (!found.ok) return found;
  const array = found.value;
  const count = array?.children?.length ?? 0;
  const { text, formatting } = doc;

  if (edit.kind === 'add') {
    if (!array) return ok(change(text, [arrayKey], [edit.entry], formatting));
    return ok(change(text, [arrayKey, -1], edit.entry, formatting, true));
  }
  if (!array || edit.position < 0 || edit.position >= count) return outOfRange(doc, arrayKey, edit.position);

  switch (edit.kind) {
    case 'remove':
      return ok(removeEntry(text, array, edit.position));
    case 'update': {
      const entry = array.children?.[edit.position];
      if (entry?.type !== 'object') {
        return fail({
          layer: 'settings',
          code: 'not-an-object',
          reason: `Entry ${edit.position} of "${arrayKey}" in ${doc.path} is a JSON ${entry?.type ?? 'value'}, not an object.`,
          remedy: 'Fix or remove that entry in an editor.',
        });
      }
      let next = text;
      for (const [field, value] of Object.entries(edit.set)) {
        next = change(next, [arrayKey, edit.position, field], value, formatting);
      }
      for (const field of edit.unset) {
        next = change(next, [arrayKey, edit.position, field], undefined, formatting);
      }
      return ok(next);
    }
    case 'move':
      return ok(moveEntry(text, arrayKey, edit.position, edit.to, formatting));
  }
}

/**
 * Moves an entry by cutting its exact text (comments inside it included) and pasting it at the new
 * place: jsonc-parser inserts a placeholder there with the right separators and indentation, and the
 * placeholder is then replaced by the original text, which sits at the same depth as before.
 */
function moveEntry(text: string, arrayKey: string, from: number, to: number, formatting: Formatting): string {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const node = root && findNodeAtLocation(root, [arrayKey, from]);
  if (!node || from === to) return text;
  const original = text.slice(node.offset, node.offset + node.length);
  const removed = removeEntry(text, node.parent!, from);
  const remaining = (node.parent?.children?.length ?? 1) - 1;
  const placeholder = `routelights-move-${randomBytes(8).toString('hex')}`;
  const target = to >= remaining ? -1 : Math.max(0, to);
  const inserted = change(removed, [arrayKey, target], placeholder, formatting, true);
  return inserted.replace(JSON.stringify(placeholder), () => original);
}

/** Offset of a comma between `from` and `to` when only comments and whitespace stand beside it, else -1. */
function commaBetween(text: string, from: number, to: number): number {
  const first = significantTokens(text, from).next();
  return !first.done && first.value.offset < to && first.value.raw === ',' ? first.value.offset : -1;
}

/**
 * Removes one array element and exactly one separating comma, and the element's own lines when it
 * stands alone on them. Unlike jsonc-parser's removal, the comments that belong to the neighbours
 * (e.g. a comment above the next entry) stay where they are.
 */
function removeEntry(text: string, array: Node, index: number): string {
  const children = array.children ?? [];
  const element = children[index]!;
  let start = element.offset;
  let end = element.offset + element.length;
  const next = children[index + 1];
  const commaAfter = commaBetween(text, end, next ? next.offset : array.offset + array.length - 1);
  if (commaAfter >= 0) {
    end = commaAfter + 1;
  } else if (index > 0) {
    const previous = children[index - 1]!;
    const commaBefore = commaBetween(text, previous.offset + previous.length, element.offset);
    if (commaBefore >= 0) start = commaBefore;
  }
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', end);
  const lineEnd = newline < 0 ? text.length : newline + 1;
  const ownsLines = /^[ \t]*$/.test(text.slice(lineStart, start)) && /^[ \t]*\r?\n?$/.test(text.slice(end, lineEnd));
  return ownsLines ? text.slice(0, lineStart) + text.slice(lineEnd) : text.slice(0, start) + text.slice(end);
}
