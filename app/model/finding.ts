// A lint finding: one thing wrong (or worth knowing) about a route or a whole file, with the rule that
// found it.

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Finding {
  rule: string;
  severity: Severity;
  /** The route the finding is about (its id, and its key: file and id); null for a whole file. */
  routeId: string | null;
  routeKey: string | null;
  /** The field the finding points at, so that an editor can show it beside that field. */
  field?: string;
  /** For findings about a whole file: its path. */
  file?: string;
  message: string;
  remedy: string;
}
