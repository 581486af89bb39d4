// Quota and balance in words and lights, pure functions over the snapshot's usage readings shared by the
// monitor, the tray, the CLI and the window: used up is red with the reset as remedy, low is yellow.
import type { Color } from './light.ts';
import type { RouteRecord, UsageReading, UsageWindow } from './snapshot.ts';

export type WindowState = UsageWindow['state'];

/** Below this share left, a window is low and its routes turn yellow (per surface in the preferences). */
export const DEFAULT_LOW_PERCENT = 10;

/** What share of a window is left, 0 to 100, or null when the reading gives no share. */
export function leftPercent(w: Pick<UsageWindow, 'usedPercent'>): number | null {
  return w.usedPercent === null ? null : Math.max(0, Math.min(100, 100 - w.usedPercent));
}

export function windowState(usedPercent: number | null, lowPercent: number): WindowState {
  if (usedPercent === null) return 'unknown';
  const left = 100 - usedPercent;
  if (left <= 0) return 'exhausted';
  return left < lowPercent ? 'low' : 'ok';
}

const RANK: Record<WindowState, number> = { unknown: 0, ok: 1, low: 2, exhausted: 3 };

/**
 * The window that limits an account now: an exhausted one (the latest reset among them, since all must
 * reset before a call goes through), else the one with the least left.
 */
export function tightestWindow(windows: readonly UsageWindow[]): UsageWindow | null {
  let best: UsageWindow | null = null;
  for (const w of windows) {
    if (!best || RANK[w.state] > RANK[best.state]) best = w;
    else if (w.state === best.state) {
      const later = w.state === 'exhausted' ? Date.parse(w.resetsAt ?? '') > Date.parse(best.resetsAt ?? '') : (leftPercent(w) ?? 101) < (leftPercent(best) ?? 101);
      if (later) best = w;
    }
  }
  return best;
}

/** A clock time in the machine's own zone, as a person reads a reset: "14:00", or "Tue 3 Jun 14:00" from 20 hours on. */
export function clockTime(at: string, now: Date): string {
  const d = new Date(at);
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  if (d.getTime() - now.getTime() < 20 * 3_600_000) return hm;
  const sameYear = d.getFullYear() === now.getFullYear();
  return `${d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }) })} ${hm}`;
}

/** How long until a time: "in 42 min", "in 3 h 5 min", "in 2 d", or "now". */
export function until(at: string, now: Date): string {
  const min = Math.round((Date.parse(at) - now.getTime()) / 60_000);
  if (min <= 0) return 'now';
  if (min < 60) return `in ${min} min`;
  if (min < 48 * 60) return `in ${Math.floor(min / 60)} h${min % 60 ? ` ${min % 60} min` : ''}`;
  return `in ${Math.round(min / 1440)} d`;
}

/** "62 % of 5-hour tokens left · resets 14:00": a window in a line (the tray row, the CLI, notifications). */
export function windowPhrase(w: UsageWindow, now: Date): string {
  const left = leftPercent(w);
  const amount = left !== null ? `${Math.round(left)} % of ${w.label} left` : w.used !== null ? `${w.label}: ${formatAmount(w.used, w.unit)} used${w.limit !== null ? ` of ${formatAmount(w.limit, w.unit)}` : ''}` : w.label;
  return w.resetsAt ? `${amount} · resets ${clockTime(w.resetsAt, now)}` : amount;
}

export function formatAmount(n: number, unit: string | null): string {
  if (unit === 'USD') return `$${n.toFixed(n < 10 ? 2 : 0)}`;
  const short = n >= 1e9 ? `${(n / 1e9).toFixed(1)} B` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} M` : n >= 1e4 ? `${Math.round(n / 1e3)} k` : String(Math.round(n));
  return unit ? `${short} ${unit}` : short;
}

/** The quota's say on a route's light: exhausted is red, low is yellow; an unknown or healthy reading says nothing. */
export function quotaLight(reading: UsageReading, now: Date): { color: Color; reason: string; remedy: string } | null {
  const w = tightestWindow(reading.windows.filter((x) => x.forRoutes));
  if (!w || (w.state !== 'exhausted' && w.state !== 'low')) return null;
  const reset = w.resetsAt && Date.parse(w.resetsAt) > now.getTime() ? `resets at ${clockTime(w.resetsAt, now)}, ${until(w.resetsAt, now)}` : null;
  if (w.state === 'exhausted') {
    return { color: 'red', reason: `${reading.label}: ${w.label} used up${reset ? ` (${reset})` : ''}.`, remedy: reset ? `Wait until it resets at ${clockTime(w.resetsAt!, now)} (${until(w.resetsAt!, now)}), or use a route that draws from another balance.` : 'Top up or raise the limit, or use a route that draws from another balance.' };
  }
  return { color: 'yellow', reason: `${reading.label}: ${windowPhrase(w, now)}, below the ${reading.lowPercent} % warning threshold.`, remedy: reset ? `Pace the work until it resets at ${clockTime(w.resetsAt!, now)}, or switch heavy work to a route that draws from another balance.` : 'Top up or raise the limit before it runs out.' };
}

/** The readings of the accounts a route spends from. */
export function readingsOf(record: Pick<RouteRecord, 'spends'>, readings: readonly UsageReading[]): UsageReading[] {
  return record.spends ? readings.filter((r) => record.spends!.accounts.includes(r.account)) : [];
}

/**
 * A route's quota in a line, beside its light: the tightest window of the account that serves it best
 * ("62 % of 5-hour tokens left · resets 14:00"), or the balance it spends when nothing is read (the
 * Z.AI generic endpoint), or null when there is nothing to say.
 */
export function routeQuotaPhrase(record: Pick<RouteRecord, 'spends'>, readings: readonly UsageReading[], now: Date): string | null {
  if (!record.spends) return null;
  const windows = readingsOf(record, readings).flatMap((r) => {
    const w = tightestWindow(r.windows.filter((x) => x.forRoutes && x.state !== 'unknown'));
    return w ? [w] : [];
  });
  const best = windows.sort((a, b) => RANK[a.state] - RANK[b.state] || (leftPercent(b) ?? -1) - (leftPercent(a) ?? -1))[0];
  if (best) return windowPhrase(best, now);
  return record.spends.accounts.length === 0 ? `spends ${record.spends.balance}` : null;
}

/** A count in a line: "gpt-5.5: 12 requests, 34 k tokens", "codex me@example.com: 3 requests (1 failed)". */
export function countPhrase(c: UsageReading['counts'][number]): string {
  const failed = c.failed ? ` (${c.failed} failed)` : '';
  return `${c.name}: ${c.requests} request${c.requests === 1 ? '' : 's'}${failed}${c.tokens !== null ? `, ${formatAmount(c.tokens, 'tokens')}` : ''}`;
}
