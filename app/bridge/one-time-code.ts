// One-time codes for `serve --open`: the browser opener is handed a short code instead of the session
// token (an opener's arguments are visible to every local user, and the URL stays in browser history),
// and the page trades it for the token once (POST /auth/exchange in server.ts).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const CODE_TTL_MS = 60_000;

export interface OneTimeCodes {
  /** A fresh code, good for one exchange within the TTL. */
  issue(): string;
  /** Whether `code` is a live code; a live one is used up by this call. */
  redeem(code: string): boolean;
}

/** Hashed to one length, so that every comparison takes the same time whatever was sent. */
const digest = (code: string) => createHash('sha256').update(code).digest();

export function oneTimeCodes(options: { ttlMs?: number; now?: () => number } = {}): OneTimeCodes {
  const ttlMs = options.ttlMs ?? CODE_TTL_MS;
  const now = options.now ?? Date.now;
  const live = new Map<Buffer, number>();
  const forgetExpired = () => {
    for (const [code, expires] of live) if (expires <= now()) live.delete(code);
  };
  return {
    issue: () => {
      forgetExpired();
      const code = randomBytes(16).toString('base64url');
      live.set(digest(code), now() + ttlMs);
      return code;
    },
    redeem: (code) => {
      forgetExpired();
      const given = digest(code);
      let found: Buffer | null = null;
      // Every live code is compared, so that the time taken says nothing about which one came close.
      for (const candidate of live.keys()) if (timingSafeEqual(candidate, given)) found = candidate;
      if (found) live.delete(found);
      return found !== null;
    },
  };
}
