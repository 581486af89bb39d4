// Quota and balance beside a light: a bar per usage window showing the share left (a meter a screen
// reader names), the state in a glyph as well as a colour, the route's quota in a line, and why a
// reading failed. The words come from app/model/usage.ts, as in the tray and the CLI.
import type { RouteRecord, UsageReading, UsageWindow } from '../../../app/model/snapshot.ts';
import { clockTime, leftPercent, readingsOf, routeQuotaPhrase, tightestWindow } from '../../../app/model/usage.ts';

/** A window's state without colour: used up and low have a glyph; a healthy one has its bar. */
export const STATE_GLYPH: Record<UsageWindow['state'], string> = { exhausted: '✕', low: '◐', ok: '', unknown: '?' };

/** What the Quota cell says about a route as a whole (its `data-quota`). */
export type RouteQuotaState = 'none' | 'balance' | 'pending' | 'unread' | 'unknown' | UsageWindow['state'];

const BEST_FIRST: UsageWindow['state'][] = ['ok', 'low', 'exhausted'];

/**
 * The route's quota state: any one of its accounts with quota left serves it, so the best account's
 * tightest window (of those the route's calls draw from) decides; `balance` when it spends a balance nothing reads, `pending` before the
 * first reading, `unread` when every reading failed, `none` when RouteLights knows no balance for it.
 */
export function routeQuotaState(route: Pick<RouteRecord, 'spends'>, readings: readonly UsageReading[]): RouteQuotaState {
  if (!route.spends) return 'none';
  if (route.spends.accounts.length === 0) return 'balance';
  const mine = readingsOf(route, readings);
  const states = new Set(mine.flatMap((r) => tightestWindow(r.windows.filter((w) => w.forRoutes && w.state !== 'unknown'))?.state ?? []));
  const best = BEST_FIRST.find((s) => states.has(s));
  if (best) return best;
  if (mine.some((r) => r.windows.some((w) => w.forRoutes))) return 'unknown';
  if (mine.length > 0 && mine.every((r) => r.problem)) return 'unread';
  if (mine.length > 0 && mine.every((r) => r.readAt)) return 'none';
  return 'pending';
}

/** "Z.AI GLM Coding Pro, 5-hour tokens: 62 % left, resets 14:00". */
export function meterLabel(reading: Pick<UsageReading, 'label' | 'lowPercent'>, w: UsageWindow, now: Date): string {
  const left = leftPercent(w);
  const amount = left === null ? 'share not known' : `${Math.round(left)} % left`;
  const state = w.state === 'exhausted' ? ' (used up)' : w.state === 'low' ? ` (below the ${reading.lowPercent} % warning)` : w.state === 'unknown' ? ' (reset since it was read)' : '';
  return `${reading.label}, ${w.label}: ${amount}${state}${w.resetsAt ? `, resets ${clockTime(w.resetsAt, now)}` : ''}`;
}

/** One window as a small bar of the share left, with its state's glyph; nothing when the reading gives no share. */
export function WindowMeter({ reading, window: w, now }: { reading: UsageReading; window: UsageWindow; now: Date }) {
  const left = leftPercent(w);
  if (left === null) return null;
  const label = meterLabel(reading, w, now);
  const glyph = STATE_GLYPH[w.state];
  return (
    <span className={`meter meter-${w.state}`} data-window={w.id} data-state={w.state} data-left={Math.round(left)} title={label}>
      <span className="meter-track" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(left)} aria-valuetext={`${Math.round(left)} % left`}>
        <span className="meter-fill" style={{ width: `${left}%` }} />
      </span>
      {glyph ? (
        <span className="meter-glyph" aria-hidden="true">
          {glyph}
        </span>
      ) : null}
    </span>
  );
}

/**
 * The routes table's Quota cell: a bar per window the route's calls draw from (not, say, Z.AI's monthly
 * tool calls: the surface panel shows those), the route's quota phrase, and a failed reading's reason
 * (the remedy in its tooltip).
 */
export function QuotaCell({ route, readings, now }: { route: RouteRecord; readings: readonly UsageReading[]; now: Date }) {
  const state = routeQuotaState(route, readings);
  const mine = readingsOf(route, readings);
  const phrase = routeQuotaPhrase(route, readings, now);
  const failed = mine.filter((r) => r.problem);
  const meters = mine.flatMap((r) => r.windows.filter((w) => w.forRoutes && leftPercent(w) !== null).map((w) => ({ r, w })));
  const problem = failed[0]?.problem;
  return (
    <td className="quota" data-quota={state} {...(problem ? { 'data-usage-problem': problem.code } : {})}>
      <div className="quota-box">
        {meters.length ? (
          <div className="meters">
            {meters.map(({ r, w }) => (
              <WindowMeter key={`${r.account}/${w.id}`} reading={r} window={w} now={now} />
            ))}
          </div>
        ) : null}
        {phrase ? (
          <div className="quota-line" title={phrase}>
            {phrase}
          </div>
        ) : state === 'none' && mine.some((r) => r.note) ? (
          <div className="quota-line muted" title={mine.flatMap((r) => (r.note ? [`${r.label}: ${r.note}`] : [])).join('\n')}>
            {mine.find((r) => r.note)!.note}
          </div>
        ) : state === 'none' ? (
          <span className="muted" title="RouteLights reads no quota or balance for this route's surface.">
            —
          </span>
        ) : state === 'pending' ? (
          <div className="quota-line muted">usage not read yet</div>
        ) : null}
        {problem ? (
          <div className="quota-line quota-problem muted" title={`${problem.reason}\n${problem.remedy}`}>
            usage not read{failed.length > 1 ? ` (${failed.length} accounts)` : ''}: {problem.reason}
          </div>
        ) : null}
      </div>
    </td>
  );
}
