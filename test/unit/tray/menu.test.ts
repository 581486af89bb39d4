// The tray menu is a pure function of the snapshot: every light mix, a running sweep, no routes, no
// settings file, Droid missing, a failed action, 1, 8 and 50 routes; and no label ever carries a key.
import { describe, expect, it } from 'vitest';
import type { Color } from '../../../app/model/light.ts';
import type { Snapshot } from '../../../app/model/snapshot.ts';
import { FLAT_LIMIT, trayIconName, trayMenu, trayTitle, trayTooltip, type MenuItem, type TrayState } from '../../../app/tray/menu.ts';
import { notificationFor } from '../../../app/tray/notifications.ts';
import { CANARY } from '../../helpers/canary.ts';

const NOW = new Date('2026-11-24T12:00:12Z');
const state: TrayState = { now: NOW, sweep: null, launchAtLogin: false, mutedRoutes: [], failure: null };

function snapshot(lights: Color[], overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    machine: 'mac-a',
    checkedAt: '2026-11-24T12:00:00Z',
    settingsPath: '/Users/a/.factory/settings.json',
    settingsNote: null,
    overall: lights.includes('red') ? 'red' : lights.includes('yellow') ? 'yellow' : lights.length ? 'green' : 'green',
    droid: { light: 'green', reason: 'Droid 0.225.2 is logged in.', remedy: 'Nothing to do.', version: '0.225.2', path: '/usr/local/bin/droid', checks: [], computer: { registered: true, detail: 'mac-a is registered' }, checkedAt: '2026-11-24T12:00:00Z' },
    surfaces: [{ id: 'http://127.0.0.1:4000', kind: 'litellm', origin: 'http://127.0.0.1:4000', light: 'green', door: 'up', reason: 'LiteLLM is up.', remedy: 'Nothing to do.', latencyMs: 12, models: ['gpt-5.5'], details: {}, notes: [], unused: false, kindDeclared: false, lowPercent: 10 }],
    revision: 'r1',
    routes: lights.map((light, i) => ({
      key: `/Users/a/.factory/settings.json#custom:R-${i}`,
      id: `custom:R-${i}`,
      idDerived: false,
      source: { kind: 'settings' as const, path: '/Users/a/.factory/settings.json', position: i, project: null },
      settings: { model: 'm', displayName: null, provider: 'generic-chat-completion-api', baseUrl: 'http://127.0.0.1:4000/v1', index: i, maxOutputTokens: null, noImageSupport: null, key: { kind: 'reference' as const, name: 'K' }, extra: {} },
      used: true,
      instead: null,
      surface: { id: 'http://127.0.0.1:4000', kind: 'litellm' as const, origin: 'http://127.0.0.1:4000' },
      light,
      layer: 'surface' as const,
      reason: `reason ${light} ${i}`,
      remedy: `remedy ${i}`,
      lastSentinel: null,
      spends: null,
    })),
    findings: [],
    projects: [],
    usage: [],
    keychain: null,
    ...overrides,
  };
}

const labels = (items: MenuItem[]): string[] => items.flatMap((i) => [i.label ?? '', ...labels(i.submenu ?? [])]);
const byId = (items: MenuItem[], id: string) => items.find((i) => i.id === id);

describe('trayMenu', () => {
  it.each([[['green', 'green']], [['green', 'yellow']], [['yellow', 'red', 'green']], [['red', 'red']], [['gray']]] as Color[][][])('light mix %j: header, one row per route with its dot, icon and title', (lights) => {
    const s = snapshot(lights);
    const menu = trayMenu(s, state);
    expect(byId(menu, 'header')?.label).toMatch(/checked 12 s ago/);
    for (const [i, light] of lights.entries()) {
      const row = byId(menu, `route:/Users/a/.factory/settings.json#custom:R-${i}`)!;
      expect(row.label).toMatch(new RegExp(`^${{ green: '●', yellow: '◐', red: '✕', gray: '○' }[light]} custom:R-${i} — reason ${light}`));
      expect(row.submenu?.map((x) => x.label)).toEqual(expect.arrayContaining(['Run sentinel', 'Copy id', 'Open in Settings…']));
      if (light !== 'green') expect(row.submenu?.map((x) => x.label)).toContain(`Do: remedy ${i}`);
    }
    expect(trayIconName(s.overall)).toBe(`tray-${s.overall}Template`);
    const red = lights.filter((l) => l === 'red').length;
    expect(trayTitle(s)).toBe(red ? `${red} red` : '');
    expect(trayTooltip(s)).toContain(`${lights.length} route(s)`);
    expect(byId(menu, 'droid')?.label).toMatch(/^● Droid account 0.225.2/);
    expect(byId(menu, 'surface:http://127.0.0.1:4000')?.label).toBe('● litellm 127.0.0.1:4000 · 12 ms');
  });

  it('while a sweep runs: "Run all" is disabled and shows progress, per-route runs too', () => {
    const menu = trayMenu(snapshot(['yellow', 'yellow']), { ...state, sweep: { done: 1, total: 2 } });
    expect(byId(menu, 'run-all')).toMatchObject({ label: 'Running sentinels… 1 of 2', enabled: false });
    expect(byId(menu, 'route:/Users/a/.factory/settings.json#custom:R-0')!.submenu!.find((i) => i.label === 'Run sentinel')?.enabled).toBe(false);
  });

  it('no routes, and no settings file: the menu says so and offers to add one', () => {
    const menu = trayMenu(snapshot([], { settingsNote: 'No routes yet in /Users/a/.factory/settings.json; checking the default VibeProxy and LiteLLM addresses.' }), state);
    expect(byId(menu, 'no-routes')?.label).toMatch(/No routes yet/);
    expect(byId(menu, 'add-route')).toMatchObject({ label: 'Add a route…', action: { kind: 'add-route' } });
    expect(byId(menu, 'settings-note')?.label).toMatch(/No routes yet in/);
    expect(byId(menu, 'run-all')?.enabled).toBe(false);
    expect(trayMenu(null, state)[0]?.label).toBe('RouteLights — checking…');
  });

  it('the account row says where droid was found', () => {
    const home = process.env.HOME ?? '/root';
    const s = snapshot(['green'], { droid: { ...snapshot([]).droid, path: `${home}/.local/bin/droid` } });
    expect(byId(byId(trayMenu(s, state), 'droid')!.submenu!, 'droid-place')?.label).toBe("droid found in ~/.local/bin (Factory's installer)");
    const brew = snapshot(['green'], { droid: { ...snapshot([]).droid, path: '/opt/homebrew/bin/droid' } });
    expect(byId(byId(trayMenu(brew, state), 'droid')!.submenu!, 'droid-place')?.label).toBe('droid found in /opt/homebrew/bin (Homebrew)');
  });

  it('a failed action: a line at the top with its reason, the remedy inside, and Dismiss', () => {
    const menu = trayMenu(snapshot(['green']), { ...state, failure: { action: 'Run all sentinels', layer: 'usage', code: 'busy', reason: 'Sentinels are already running.', remedy: 'Wait for that run to finish.' } });
    const row = byId(menu, 'failure')!;
    expect(menu.indexOf(row)).toBe(1);
    expect(row.label).toBe('⚠ Run all sentinels failed: Sentinels are already running.');
    expect(row.submenu?.map((i) => i.label)).toEqual(['Sentinels are already running.', 'Do: Wait for that run to finish.', undefined, 'Dismiss']);
  });

  it('Droid missing: its own row, red, with the remedy', () => {
    const s = snapshot(['yellow'], { droid: { ...snapshot([]).droid, light: 'red', version: null, reason: 'Droid is not installed: no droid on PATH or in ~/.local/bin.', remedy: "Install Factory's Droid CLI." } });
    const row = byId(trayMenu(s, state), 'droid')!;
    expect(row.label).toMatch(/^✕ Droid account — Droid is not installed/);
    expect(row.submenu?.[1]?.label).toBe("Do: Install Factory's Droid CLI.");
  });

  it('fixed items and the login checkbox', () => {
    const menu = trayMenu(snapshot(['green']), { ...state, launchAtLogin: true });
    expect(menu.filter((i) => i.id).map((i) => i.id).slice(-6)).toEqual(['run-all', 'refresh', 'open', 'report', 'login', 'quit']);
    expect(byId(menu, 'login')).toMatchObject({ type: 'checkbox', checked: true });
  });

  it('no label carries a key, even when a reason quotes one', () => {
    const s = snapshot(['red']);
    s.routes[0]!.reason = `upstream said: invalid key ${CANARY}`;
    s.surfaces[0]!.reason = `Authorization: Bearer ${CANARY}`;
    expect(JSON.stringify(labels(trayMenu(s, state)))).not.toContain(CANARY);
  });
});

describe('the menu at scale', () => {
  /** `count` routes spread over `surfaces` surfaces, every seventh one red. */
  function many(count: number, surfaces: number): Snapshot {
    const base = snapshot(Array.from({ length: count }, (_, i) => (i % 7 === 3 ? 'red' : i % 5 === 1 ? 'yellow' : 'green')));
    const origins = Array.from({ length: surfaces }, (_, j) => `http://127.0.0.1:${4000 + j}`);
    return {
      ...base,
      surfaces: origins.map((o) => ({ ...base.surfaces[0]!, id: o, origin: o })),
      routes: base.routes.map((r, i) => ({ ...r, surface: { id: origins[i % surfaces]!, kind: 'litellm' as const, origin: origins[i % surfaces]! } })),
    };
  }
  const allRouteRows = (items: MenuItem[]): string[] => items.flatMap((i) => [...(i.id?.startsWith('route:') ? [i.id] : []), ...allRouteRows(i.submenu ?? [])]);

  it('1 route on 1 surface: the surface and the route each have a row', () => {
    const menu = trayMenu(many(1, 1), state);
    expect(menu.filter((i) => i.id?.startsWith('surface:')).length).toBe(1);
    expect(menu.filter((i) => i.id?.startsWith('route:')).length).toBe(1);
  });

  it(`${FLAT_LIMIT - 2} routes: every route on the first screen, each with its own row`, () => {
    const s = many(FLAT_LIMIT - 2, 2);
    const menu = trayMenu(s, state);
    expect(menu.filter((i) => i.id?.startsWith('route:')).map((i) => i.id)).toEqual(s.routes.map((r) => `route:${r.key}`));
  });

  it('50 routes on 8 surfaces: a row per surface with its worst light and its routes inside, the red ones also on top, a short first screen', () => {
    const s = many(50, 8);
    const menu = trayMenu(s, state);
    const red = s.routes.filter((r) => r.light === 'red');
    expect(red.length).toBeGreaterThan(0);
    expect(menu.filter((i) => i.id?.startsWith('route:')).map((i) => i.id)).toEqual(red.map((r) => `route:${r.key}`));
    const surfaceRows = menu.filter((i) => i.id?.startsWith('surface:'));
    expect(surfaceRows).toHaveLength(8);
    for (const row of surfaceRows) {
      const origin = row.id!.slice('surface:'.length);
      const mine = s.routes.filter((r) => r.surface?.id === origin);
      expect(row.submenu!.filter((i) => i.id?.startsWith('route:')).map((i) => i.id)).toEqual(mine.map((r) => `route:${r.key}`));
      const worstLight = mine.some((r) => r.light === 'red') ? '✕' : mine.some((r) => r.light === 'yellow') ? '◐' : '●';
      expect(row.label).toMatch(new RegExp(`^${worstLight} litellm 127.0.0.1:\\d+ · ${mine.length} routes`));
    }
    expect(new Set(allRouteRows(menu))).toEqual(new Set(s.routes.map((r) => `route:${r.key}`)));
    expect(menu.length).toBeLessThanOrEqual(red.length + 8 + 14);
    expect(byId(menu, 'red-heading')?.label).toBe(`${red.length} red of 50 routes`);
  });
});

describe('notifications', () => {
  const change = (from: Color | null, to: Color) => ({ type: 'light' as const, kind: 'route' as const, key: '/s.json#custom:R-0', id: 'custom:R-0', from, to, reason: 'LiteLLM rejected the key.', remedy: 'Use the master key.' });
  it('on turning red and on recovering, naming the door and the remedy; muted routes stay silent', () => {
    expect(notificationFor(change('yellow', 'red'), [])).toEqual({ routeId: 'custom:R-0', title: 'custom:R-0 is red', body: 'LiteLLM rejected the key. → Use the master key.' });
    expect(notificationFor(change('red', 'green'), [])?.title).toBe('custom:R-0 recovered');
    expect(notificationFor(change('yellow', 'red'), ['/s.json#custom:R-0'])).toBeNull();
    expect(notificationFor(change('yellow', 'red'), ['/other.json#custom:R-0'])?.title).toBe('custom:R-0 is red');
    expect(notificationFor(change(null, 'red'), [])).toBeNull();
    expect(notificationFor(change('green', 'yellow'), [])).toBeNull();
  });
});
