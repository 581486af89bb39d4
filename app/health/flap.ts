// Flap control, as uptime monitors do it: a light turns red only after N failed checks in a row and
// back from red only after M good ones, so one dropped packet does not flash the tray. Pure functions.
import type { Color } from '../model/light.ts';

export interface FlapOptions {
  /** Failed checks in a row before a light turns red (default 2). */
  failThreshold: number;
  /** Good checks in a row before a red light clears (default 1). */
  recoverThreshold: number;
}

export interface FlapState<L> {
  shown: L;
  failStreak: number;
  okStreak: number;
}

export const DEFAULT_FLAP: FlapOptions = { failThreshold: 2, recoverThreshold: 1 };

/** The next state from a raw observation; the first observation is shown as it is. */
export function nextFlapState<L extends { color: Color }>(previous: FlapState<L> | undefined, raw: L, options: FlapOptions): FlapState<L> {
  if (!previous) return { shown: raw, failStreak: raw.color === 'red' ? 1 : 0, okStreak: raw.color === 'red' ? 0 : 1 };
  const failStreak = raw.color === 'red' ? previous.failStreak + 1 : 0;
  const okStreak = raw.color === 'red' ? 0 : previous.okStreak + 1;
  const wasRed = previous.shown.color === 'red';
  if (raw.color === 'red') return { shown: wasRed || failStreak >= options.failThreshold ? raw : previous.shown, failStreak, okStreak };
  return { shown: !wasRed || okStreak >= options.recoverThreshold ? raw : previous.shown, failStreak, okStreak };
}
