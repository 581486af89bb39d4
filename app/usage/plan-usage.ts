// Which usage accounts to read, and which balance each route spends. The Z.AI generic endpoint spends the
// pay-as-you-go balance, not the coding plan: its routes say so and read nothing.
import type { RouteRecord } from '../model/snapshot.ts';
import type { ResolvedKey } from '../secrets/resolve.ts';
import { keyTag } from '../secrets/resolve.ts';
import type { SurfaceKind, SurfaceRef } from '../surfaces/derive.ts';
import { modelFamily, type Account } from '../surfaces/vibeproxy-accounts.ts';
import type { OAuthProvider, UsageTarget } from './usage-types.ts';

export interface UsageRoute {
  routeKey: string;
  model: string | undefined;
  baseUrl: string | undefined;
  surface: SurfaceRef | null;
  key: ResolvedKey;
}

export type RouteSpends = NonNullable<RouteRecord['spends']>;

export interface UsagePlan {
  targets: UsageTarget[];
  byRoute: Map<string, RouteSpends>;
}

/** What a route on a surface of this kind spends, read with the route's own key. */
const KEYED: Partial<Record<SurfaceKind, string>> = { zai: 'the Z.AI coding plan', kimi: 'the Kimi For Coding plan', litellm: "this LiteLLM key's budget" };
const GENERIC_ZAI = "Z.AI's pay-as-you-go balance, not the coding plan (the generic endpoint)";
/** The OAuth accounts whose own windows RouteLights reads with their tokens, and what their routes spend. */
const SUBSCRIPTION: Record<OAuthProvider, string> = { codex: 'a ChatGPT subscription (Codex)', claude: 'a Claude subscription' };
const isOAuth = (type: string): type is OAuthProvider => Object.hasOwn(SUBSCRIPTION, type);

/** The Z.AI generic endpoint (`/api/paas/v4`, not `/api/coding/paas/v4`) draws from the pay-as-you-go balance. */
export function zaiGenericEndpoint(baseUrl: string | undefined): boolean {
  try {
    return /(^|\/)api\/paas\//.test(`${new URL((baseUrl ?? '').trim()).pathname}/`);
  } catch {
    return false;
  }
}

export function planUsage(routes: readonly UsageRoute[], oauthAccounts: readonly Account[], managementKey: boolean): UsagePlan {
  const targets = new Map<string, UsageTarget>();
  const byRoute = new Map<string, RouteSpends>();
  const add = (target: UsageTarget) => targets.has(target.account) || targets.set(target.account, target);
  for (const r of routes) {
    const s = r.surface;
    if (!s) continue;
    const keyed = KEYED[s.kind];
    if (s.kind === 'zai' && zaiGenericEndpoint(r.baseUrl)) {
      byRoute.set(r.routeKey, { accounts: [], balance: GENERIC_ZAI });
    } else if (keyed && r.key.kind === 'value') {
      // The kind is part of the account: declared otherwise, an origin's readings start afresh.
      const account = `${s.id}|${s.kind}|${keyTag(r.key)}`;
      add({ account, surface: s, balance: keyed, source: { kind: 'key', key: r.key } });
      byRoute.set(r.routeKey, { accounts: [account], balance: keyed });
    } else if (s.kind === 'vibeproxy') {
      const management = `${s.id}|management`;
      if (managementKey) add({ account: management, surface: s, balance: 'the requests and tokens CLIProxyAPI counts', source: { kind: 'management' } });
      const types = r.model ? (modelFamily(r.model)?.types ?? []) : [];
      const serving = oauthAccounts.filter((a) => types.includes(a.type) && isOAuth(a.type) && !a.disabled);
      for (const a of serving) add({ account: `${s.id}|${a.file}`, surface: s, balance: SUBSCRIPTION[a.type as OAuthProvider], source: { kind: 'oauth', provider: a.type as OAuthProvider, file: a.file, email: a.email } });
      const first = serving[0]?.type as OAuthProvider | undefined;
      if (serving.length || managementKey) byRoute.set(r.routeKey, { accounts: [...serving.map((a) => `${s.id}|${a.file}`), ...(managementKey ? [management] : [])], balance: first ? `${SUBSCRIPTION[first]} through VibeProxy` : 'the accounts behind VibeProxy' });
    }
  }
  return { targets: [...targets.values()], byRoute };
}
