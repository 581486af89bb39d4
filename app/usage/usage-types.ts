// What a usage reader is given and gives back: one reading per surface account (a Z.AI or Kimi key, a
// LiteLLM key, CLIProxyAPI's management API, one OAuth account behind VibeProxy), never a key in it.
import type { Dispatcher } from 'undici';
import type { UsageReading, UsageWindow } from '../model/snapshot.ts';
import type { ResolvedKey } from '../secrets/resolve.ts';
import type { SurfaceRef } from '../surfaces/derive.ts';
import type { VibeProxyOptions } from '../surfaces/probe-types.ts';

export type OAuthProvider = 'codex' | 'claude';
export type OAuthSource = { kind: 'oauth'; provider: OAuthProvider; file: string; email: string | null };

/** One account to read. `source` says which reader and with what credential. */
export interface UsageTarget {
  account: string;
  surface: SurfaceRef;
  /** What routes on it spend, in words. */
  balance: string;
  source: { kind: 'key'; key: ResolvedKey } | { kind: 'management' } | OAuthSource;
}

/** A window as a reader sees it, before the threshold gives it a state. */
export type WindowReading = Omit<UsageWindow, 'state'>;

export type UsageOutcome =
  | {
      ok: true;
      label: string;
      windows: WindowReading[];
      counts: UsageReading['counts'];
      note?: string;
      /** Only these windows were learnt (a 403 naming one limit): the others, and their reset times, are kept. */
      partial?: boolean;
    }
  | {
      ok: false;
      /** `key-rejected`, `rate-limited`, `unreadable-answer`, `unreachable`, `no-usage-endpoint`, `no-token`… */
      code: string;
      reason: string;
      remedy: string;
      /** From a 429's Retry-After, when it gave one. */
      retryAfterMs?: number;
    };

/** Where the OAuth providers' usage is asked (their public hosts; a stand-in's for tests). */
export type OAuthUsageEndpoints = Record<OAuthProvider, string>;

export interface UsageContext {
  dispatcher?: Dispatcher;
  deadlineMs: number;
  vibeproxy: VibeProxyOptions;
  /** Shared with the probes: a management key that drew a 401 is never tried again this session. */
  rejectedManagementKeys: Set<string>;
  oauth: OAuthUsageEndpoints;
  /** Facts that change slowly (a plan's name, an endpoint a build lacks), kept by the poller for an hour. */
  memo: Memo;
  now: Date;
}

export interface Memo {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}
