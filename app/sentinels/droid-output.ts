// Reads what `droid exec -o json` prints: the one result line, and the failure texts Droid prints
// instead of it (measured with Droid 0.225.2: see ../shared/reference/droid-cli.md).

export interface ResultLine {
  subtype: string;
  isError: boolean;
  result: string;
  durationMs: number | null;
}

/** The `{"type":"result",…}` line, if `line` is one. */
export function parseResultLine(line: string): ResultLine | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return null;
  try {
    const doc = JSON.parse(trimmed) as Record<string, unknown>;
    if (doc.type !== 'result') return null;
    return {
      subtype: typeof doc.subtype === 'string' ? doc.subtype : '',
      isError: doc.is_error === true,
      result: typeof doc.result === 'string' ? doc.result : '',
      durationMs: typeof doc.duration_ms === 'number' ? doc.duration_ms : null,
    };
  } catch {
    return null;
  }
}

export type DroidFailureKind = 'auth' | 'invalid-model' | 'exec-failed' | 'unknown';

export interface DroidFailure {
  kind: DroidFailureKind;
  /** For invalid-model: the custom ids Droid says it has. */
  availableCustomIds: string[];
  text: string;
}

export function classifyDroidText(output: string): DroidFailure {
  const text = output.trim();
  if (/Authentication failed|Please log in using \/login|FACTORY_API_KEY|No authenticated user|No access token available/i.test(text)) return { kind: 'auth', availableCustomIds: [], text };
  if (/Invalid model:|Available custom models:|No custom models configured|Custom model configuration is unavailable/i.test(text)) {
    const at = text.indexOf('Available custom models:');
    const list = at >= 0 ? (text.slice(at).split('\n')[1] ?? '') : '';
    return { kind: 'invalid-model', availableCustomIds: [...list.matchAll(/(custom:[^\s,]+) \(/g)].map((m) => m[1]!), text };
  }
  if (/Exec failed/i.test(text)) return { kind: 'exec-failed', availableCustomIds: [], text };
  return { kind: 'unknown', availableCustomIds: [], text };
}

/** At most `max` characters of what came back, on one line. */
export function shorten(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
