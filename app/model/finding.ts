// A lint finding: one thing wrong (or worth knowing) about a route, with the rule that found it.

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  rule: string;
  severity: Severity;
  /** The route the finding is about; null for findings about a whole file. */
  routeId: string | null;
  /** The field the finding points at, so an editor can show it beside that field. */
  field?: string;
  /** For findings about a whole file: its path. */
  file?: string;
  message: string;
  remedy: string;
}
