// The token and the way into the window: a --token-file is used only when it is the user's own, private
// (no group or other bits) and worth 128 bits, and each refusal says which and how to fix it, never the
// token; the one-time code of `serve --open` opens the session once, within its TTL, and the page
// trades it for the token and drops it from the address bar.
import { chmodSync, chownSync, existsSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteLightsApi } from '../../app/api/contract.ts';
import { BridgeMetrics } from '../../app/bridge/metrics.ts';
import { connectPage, type Page } from '../../app/bridge/page-session.ts';
import { startBridge, type Bridge } from '../../app/bridge/server.ts';
import { tokenFromFile } from '../../app/bridge/token-file.ts';
import { FailureError } from '../../app/model/failure.ts';
import { scratchDir } from '../helpers/scratch.ts';

function tokenFile(content: string | null, mode = 0o600): string {
  const file = join(scratchDir('rl-token-'), 'token');
  if (content !== null) {
    writeFileSync(file, content);
    chmodSync(file, mode);
  }
  return file;
}

async function refusal(file: string, uid?: number): Promise<FailureError['failure']> {
  const error = await (uid === undefined ? tokenFromFile(file) : tokenFromFile(file, uid)).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(FailureError);
  return (error as FailureError).failure;
}

describe('--token-file', () => {
  it('a missing file is made private (0600) with a fresh 24-byte token, and the same token is read back', async () => {
    const file = tokenFile(null);
    const token = await tokenFromFile(file);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(token);
    expect(await tokenFromFile(file)).toBe(token);
  });

  it('a file other users can read or write is refused, naming its mode, with chmod 600 as the remedy', async () => {
    for (const mode of [0o644, 0o640, 0o602]) {
      const file = tokenFile('a'.repeat(40), mode);
      const failure = await refusal(file);
      expect(failure).toMatchObject({ layer: 'usage', code: 'token-file' });
      expect(failure.reason).toContain(`its mode is 0${mode.toString(8)}`);
      expect(failure.remedy).toContain(`chmod 600 ${file}`);
    }
  });

  it('an empty file others can read is refused too, not filled with a token they could read', async () => {
    const file = tokenFile('', 0o644);
    expect((await refusal(file)).reason).toMatch(/mode is 0644/);
    expect(readFileSync(file, 'utf8')).toBe('');
  });

  it("a file that is not the user's own is refused, naming its owner", async () => {
    const file = tokenFile('b'.repeat(40));
    const failure = await refusal(file, statSync(file).uid + 1);
    expect(failure.reason).toMatch(new RegExp(`belongs to user ${statSync(file).uid}, not to you`));
    expect(failure.remedy).toMatch(/token file of your own/);
  });

  it.runIf(process.getuid?.() === 0)("a file chowned to another user is refused (run as root: a real other owner)", async () => {
    const file = tokenFile('c'.repeat(40));
    chownSync(file, 65534, 65534);
    expect((await refusal(file)).reason).toMatch(/belongs to user 65534, not to you \(0\)/);
  });

  it('a token worth less than 128 bits is refused, saying so, never showing the token', async () => {
    for (const weak of ['a', 'Zq9-short-secret', 'A'.repeat(21), 'f'.repeat(31)]) {
      const failure = await refusal(tokenFile(`${weak}\n`));
      expect(failure.reason, weak).toMatch(/too short to be safe .*128 are needed/);
      expect(failure.remedy).toMatch(/22 random base64url characters or 32 hex digits/);
      if (weak.length > 1) expect(JSON.stringify(failure)).not.toContain(weak);
    }
    expect(await tokenFromFile(tokenFile('Q'.repeat(22)))).toBe('Q'.repeat(22));
    expect(await tokenFromFile(tokenFile(`${'0123456789abcdef'.repeat(2)}\n`))).toBe('0123456789abcdef'.repeat(2));
  });

  it('a token with characters a bearer header cannot carry is refused', async () => {
    const failure = await refusal(tokenFile('has spaces and "quotes" in it, long enough'));
    expect(failure.reason).toMatch(/characters a bearer token cannot carry/);
  });

  it('a symbolic link is refused, even a broken one: no token is ever written where a link points', async () => {
    const dir = scratchDir('rl-token-link-');
    const target = join(dir, 'elsewhere');
    const link = join(dir, 'token');
    symlinkSync(target, link);
    expect((await refusal(link)).reason).toMatch(/a symbolic link/);
    expect(existsSync(target)).toBe(false);
    writeFileSync(target, 'a'.repeat(40), { mode: 0o600 });
    expect((await refusal(link)).reason).toMatch(/a symbolic link/);
  });
});

const TOKEN = 'session-token-abcdefghijklmnopqrstuvwxyz';
const fake: RouteLightsApi = { call: async (m) => (m === 'snapshot' ? null : { ok: true }) as never, subscribe: () => () => undefined };
let bridge: Bridge;
let shortLived: Bridge;

beforeAll(async () => {
  bridge = await startBridge({ api: fake, token: TOKEN, staticDir: null, metrics: new BridgeMetrics() });
  shortLived = await startBridge({ api: fake, token: TOKEN, staticDir: null, metrics: new BridgeMetrics(), codeTtlMs: 100 });
});
afterAll(async () => {
  await bridge?.close();
  await shortLived?.close();
});

function exchange(at: Bridge, code: string) {
  return fetch(`${at.url}/auth/exchange`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
}

describe('the one-time code of serve --open', () => {
  it('opens the session once: the first exchange gets the token, the same code again is 401', async () => {
    const code = bridge.oneTimeCode();
    expect(code).not.toContain(TOKEN);
    const first = await exchange(bridge, code);
    expect(first.status).toBe(200);
    const { token } = (await first.json()) as { token: string };
    expect(token).toBe(TOKEN);
    expect((await fetch(`${bridge.url}/api/snapshot`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' })).status).toBe(200);

    const again = await exchange(bridge, code);
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ error: { code: 'unauthorized', reason: expect.stringMatching(/already used or expired/) } });
    expect((await exchange(bridge, 'A'.repeat(code.length))).status).toBe(401);
  });

  it('is refused once its time is up', async () => {
    const code = shortLived.oneTimeCode();
    await new Promise((r) => setTimeout(r, 150));
    expect((await exchange(shortLived, code)).status).toBe(401);
  });

  it('is traded by the page: the code leaves the address bar, the token is kept for this tab, and the API answers', async () => {
    const code = bridge.oneTimeCode();
    const page = fakePage(`#code=${code}`);
    const api = connectPage(page.win)!;
    expect(page.address()).toBe('/');
    expect(await api.call('cancelSentinels', {})).toEqual({ ok: true });
    expect(page.stored.get('routelights-token')).toBe(TOKEN);

    const late = fakePage(`#code=${code}`);
    await expect(connectPage(late.win)!.call('cancelSentinels', {})).rejects.toThrow(/already used or expired/);
    expect(late.stored.size).toBe(0);
  });
});

/** A stand-in for the browser window renderer/src/connect.ts hands over. */
function fakePage(hash: string) {
  const stored = new Map<string, string>();
  let address = `/${hash}`;
  const win: Page = {
    location: { hash, origin: bridge.url, pathname: '/' },
    history: { replaceState: (_data, _unused, url) => void (address = url) },
    sessionStorage: { setItem: (k, v) => void stored.set(k, v), getItem: (k) => stored.get(k) ?? null },
  };
  return { win, stored, address: () => address };
}
