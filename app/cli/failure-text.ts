// How a Failure reads on the terminal: the layer, the cause, and the remedy on its own line.
import type { Failure } from '../model/failure.ts';

export function formatFailure(failure: Failure): string {
  return `routelights: [${failure.layer}] ${failure.reason}\n  remedy: ${failure.remedy}\n`;
}
