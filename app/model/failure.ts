// Errors as values: what a person reads when something goes wrong, always with the layer it happened
// on, what was seen (reason) and what to do (remedy). One error type, FailureError, carries a Failure
// through code that throws and across every transport (in-process, HTTP, the socket, Electron IPC).
/** Droid's three layers (account, route, surface), the proof layer, and RouteLights' own. */
export const LAYERS = ['settings', 'route', 'surface', 'sentinel', 'droid-account', 'keychain', 'usage', 'service', 'bridge', 'ipc'] as const;
export type Layer = (typeof LAYERS)[number];

export interface Failure {
  layer: Layer;
  /** A stable machine-readable code, e.g. `parse-error`, `conflict`, `busy`. */
  code: string;
  reason: string;
  remedy: string;
  /** The system's own words (a D-Bus error, say), shown only when asked for (--verbose); the reason says it for a person. */
  detail?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; failure: Failure };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(failure: Failure): Result<T> {
  return { ok: false, failure };
}

export class FailureError extends Error {
  readonly failure: Failure;
  constructor(failure: Failure) {
    super(`${failure.reason} ${failure.remedy}`);
    this.failure = failure;
  }
}

/** Unwraps a Result or throws its Failure as a FailureError. */
export function orThrow<T>(result: Result<T>): T {
  if (!result.ok) throw new FailureError(result.failure);
  return result.value;
}

/** The Failure an error carries, or null for an error that is not one of ours (a bug). */
export function failureOf(error: unknown): Failure | null {
  return error instanceof FailureError ? error.failure : null;
}
