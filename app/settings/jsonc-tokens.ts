// The significant tokens of JSONC text (comments and white space skipped), told apart by their raw
// text, since jsonc-parser's SyntaxKind is a const enum that isolated modules cannot read.
import { createScanner } from 'jsonc-parser';

export interface Token {
  raw: string;
  offset: number;
}

function isTrivia(raw: string): boolean {
  return raw.trim() === '' || raw.startsWith('//') || raw.startsWith('/*');
}

/** Yields the significant tokens of `text` from `from` on. */
export function* significantTokens(text: string, from = 0): Generator<Token> {
  const scanner = createScanner(text, false);
  scanner.setPosition(from);
  for (;;) {
    scanner.scan();
    const offset = scanner.getTokenOffset();
    const length = scanner.getTokenLength();
    if (offset >= text.length || length === 0) return;
    const raw = text.slice(offset, offset + length);
    if (!isTrivia(raw)) yield { raw, offset };
  }
}
