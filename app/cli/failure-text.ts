// How a Failure reads on the terminal: the layer, the cause, and the remedy on its own line; the
// system's own words only when asked for (--verbose).
import type { Failure } from '../model/failure.ts';

export function formatFailure(failure: Failure, verbose = false): string {
  return `routelights: [${failure.layer}] ${failure.reason}\n  remedy: ${failure.remedy}\n${verbose && failure.detail ? `  detail: ${failure.detail}\n` : ''}`;
}
