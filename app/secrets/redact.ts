// The one redactor used at every boundary (CLI output, reports, history, bridge responses, exports):
// every known secret value (keys, and the header and URL secrets found when routes are read), header
// values of Authorization / x-api-key, plain `apiKey` fields, the user part of URLs, and the common key
// shapes (sk-…, long bearer tokens). `${VAR}` references are names, not secrets: kept.

import { KEY_NAME_PATTERN } from '../model/key-name.ts';
import { PLAIN_TEXT_KEY } from '../model/route.ts';
import { hideUrlSecrets, REDACTED } from '../model/secret-fields.ts';

export { REDACTED };

const PATTERNS: Array<[RegExp, string]> = [
  [/\b(authorization|proxy-authorization|x-api-key|api-key|x-litellm-api-key|x-goog-api-key)(["']?\s*[:=]\s*["']?)(bearer\s+|basic\s+)?(?!\$\{)[^\s"',}]+/gi, `$1$2$3${REDACTED}`],
  [new RegExp(`("(?:apiKey|api_key)"\\s*:\\s*")(?!\\$\\{${KEY_NAME_PATTERN}\\}")(?!${PLAIN_TEXT_KEY}")[^"]+"`, 'g'), `$1${REDACTED}"`],
  [/\bsk-[A-Za-z0-9_-]{8,}/g, `sk-${REDACTED}`],
  [/\b(bearer\s+)[A-Za-z0-9._~+/-]{20,}=*/gi, `$1${REDACTED}`],
];

export class Redactor {
  private readonly values = new Set<string>();

  /**
   * Remembers a secret value for this process. Values shorter than 4 characters would cut words, and a
   * number or a JSON literal (true, 8192) would break every JSON answer that holds the same word.
   */
  add(value: string | null | undefined): void {
    if (value && value.length >= 4 && !/^(true|false|null|-?\d+(\.\d+)?)$/i.test(value.trim())) this.values.add(value);
  }

  knownValues(): string[] {
    return [...this.values];
  }

  redact(text: string): string {
    let out = text;
    for (const value of [...this.values].sort((a, b) => b.length - a.length)) out = out.split(value).join(REDACTED);
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
    return hideUrlSecrets(out);
  }
}

/** The process-wide redactor: every key RouteLights resolves is added to it. */
export const redactor = new Redactor();
