// Errors as values: what a person reads when something goes wrong, always with the layer it happened
// on, what was seen (reason) and what to do (remedy).

export type Layer = 'settings' | 'surface' | 'droid-account' | 'route' | 'keychain' | 'usage';

export interface Failure {
  layer: Layer;
  /** A stable machine-readable code, e.g. `parse-error`, `conflict`, `read-only`. */
  code: string;
  reason: string;
  remedy: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; failure: Failure };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(failure: Failure): Result<T> {
  return { ok: false, failure };
}

/** Carries a Failure through code that throws (the CLI's command handlers); caught at the edge. */
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
