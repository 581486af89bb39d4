// The quota's say on a route's light, as pure functions: several accounts (any one with quota left serves
// the route), accounts not read or failing (they say nothing), counts-only accounts, and the lenient
// reading of odd numbers and times from the providers.
import { describe, expect, it } from 'vitest';
import { withUsage } from '../../../app/health/records.ts';
import type { RouteRecord, UsageReading, UsageWindow } from '../../../app/model/snapshot.ts';
import { clockTime, tightestWindow, until } from '../../../app/model/usage.ts';
import { isoTime, percentOf, share } from '../../../app/usage/usage-answers.ts';

const NOW = new Date('2026-12-07T12:00:00Z');
const inHour = new Date(NOW.getTime() + 3_600_000).toISOString();

function win(usedPercent: number | null, over: Partial<UsageWindow> = {}): UsageWindow {
  const left = usedPercent === null ? null : 100 - usedPercent;
  const state = left === null ? 'unknown' : left <= 0 ? 'exhausted' : left < 10 ? 'low' : 'ok';
  return { id: '5h', label: '5-hour window', usedPercent, used: null, limit: null, unit: null, resetsAt: inHour, forRoutes: true, state, ...over };
}

function reading(account: string, windows: UsageWindow[], over: Partial<UsageReading> = {}): UsageReading {
  return { account, surfaceId: 's', kind: 'vibeproxy', label: account, windowed: true, balance: 'b', windows, counts: [], readAt: NOW.toISOString(), note: null, problem: null, lowPercent: 10, nextAt: null, ...over };
}

const record = { key: 'f#r', id: 'custom:R-0', used: true, light: 'yellow', layer: 'sentinel', reason: 'Unproven', remedy: 'Run a sentinel', spends: null } as unknown as RouteRecord;
const spends = { accounts: ['a', 'b', 'mgmt'], balance: 'a subscription' };
const lit = (readings: UsageReading[], base: RouteRecord = record) => {
  const r = withUsage(base, spends, readings, NOW);
  return `${r.light}/${r.layer}`;
};
const mgmt = reading('mgmt', [], { windowed: false, counts: [{ name: 'm', of: 'model', requests: 3, failed: null, tokens: 9 }] });

describe('withUsage', () => {
  it('red only when every account that serves the route is used up; a counts-only account takes no part', () => {
    expect(lit([reading('a', [win(100)]), reading('b', [win(100)]), mgmt])).toBe('red/quota');
    expect(lit([reading('a', [win(100)]), reading('b', [win(40)]), mgmt])).toBe('yellow/sentinel');
    expect(lit([reading('a', [win(100)]), reading('b', [win(95)]), mgmt])).toBe('yellow/quota');
  });

  it('an account not read yet, failing, or whose window has reset since could be the one with quota left: no quota light', () => {
    expect(lit([reading('a', [win(100)]), mgmt])).toBe('yellow/sentinel');
    expect(lit([reading('a', [win(100)]), reading('b', [], { readAt: null, problem: { code: 'rate-limited', reason: '429', remedy: 'wait' } }), mgmt])).toBe('yellow/sentinel');
    expect(lit([reading('a', [win(100)]), reading('b', [win(100, { state: 'unknown' })]), mgmt])).toBe('yellow/sentinel');
  });

  it('a window route calls do not draw from never lights it; a route red or gray for its own reasons stays so', () => {
    expect(lit([reading('a', [win(100, { forRoutes: false })]), reading('b', [win(100)]), mgmt])).toBe('yellow/sentinel');
    expect(lit([reading('a', [win(100)]), reading('b', [win(100)]), mgmt], { ...record, light: 'red', layer: 'surface' })).toBe('red/surface');
    expect(lit([reading('a', [win(95)]), reading('b', [win(95)]), mgmt], { ...record, light: 'green', layer: 'sentinel' })).toBe('yellow/quota');
    expect(withUsage({ ...record, used: false, light: 'gray', layer: 'route' }, spends, [reading('a', [win(100)]), reading('b', [win(100)])], NOW)).toMatchObject({ light: 'gray', spends });
  });
});

describe('reading odd answers', () => {
  it('times: epoch seconds or ms or text; zero, negative, out of range or garbage are no time', () => {
    expect(isoTime(1_893_456_000)).toBe('2030-01-01T00:00:00.000Z');
    expect(isoTime('1893456000000')).toBe('2030-01-01T00:00:00.000Z');
    expect(isoTime('2026-09-09T15:30:57.930601Z')).toBe('2026-09-09T15:30:57.930Z');
    for (const odd of [0, -5, 1e16, '99999999999999999', 'soon', null, {}]) expect(isoTime(odd), String(odd)).toBeNull();
  });

  it('shares are kept between 0 and 100; a limit of 0 is all used', () => {
    expect(percentOf(-20, 100)).toBe(0);
    expect(percentOf(300, 100)).toBe(100);
    expect(percentOf(0, 0)).toBe(100);
    expect(percentOf(5, -1)).toBeNull();
    expect(share(-3)).toBe(0);
    expect(share(250)).toBe(100);
  });
});

describe('windows in words', () => {
  it('the tightest window: a used-up one (the latest reset among them), else the least left', () => {
    const later = new Date(NOW.getTime() + 7_200_000).toISOString();
    expect(tightestWindow([win(40, { id: 'a' }), win(80, { id: 'b' }), win(60, { id: 'c' })])?.id).toBe('b');
    expect(tightestWindow([win(100, { id: 'a' }), win(100, { id: 'b', resetsAt: later }), win(95, { id: 'c' })])?.id).toBe('b');
  });

  it('how long until a reset, and the clock time of it in the machine zone', () => {
    const at = (min: number) => new Date(NOW.getTime() + min * 60_000).toISOString();
    expect([until(at(0), NOW), until(at(42), NOW), until(at(185), NOW), until(at(60 * 60), NOW)]).toEqual(['now', 'in 42 min', 'in 3 h 5 min', 'in 3 d']);
    const local = new Date(at(42));
    expect(clockTime(at(42), NOW)).toBe(`${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes()).padStart(2, '0')}`);
    expect(clockTime(at(3 * 24 * 60), NOW)).toMatch(/^[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d\d:\d\d$/);
  });
});
