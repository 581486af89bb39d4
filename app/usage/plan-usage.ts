// Which usage accounts to read, and which balance each route spends: a Z.AI or Kimi plan per key, a
// LiteLLM key's budget, CLIProxyAPI's counts (with a management key) and the subscription windows of the
// OAuth accounts behind VibeProxy that serve a route's model. The Z.AI generic endpoint spends the
// account's pay-as-you-go balance, not the coding plan: its routes say so and read nothing.
import type { ResolvedKey } from '../secrets/resolve.ts';
import { keyTag } from '../secrets/resolve.ts';
import type { SurfaceRef } from '../surfaces/derive.ts';
import { modelFamily, type Account } from '../surfaces/vibeproxy-accounts.ts';
import type { UsageTarget } from './usage-types.ts';

export interface UsageRoute {
  routeKey: string;
  model: string | undefined;
  baseUrl: string | undefined;
  surface: SurfaceRef | null;
  key: ResolvedKey;
}

export interface RouteUsage {
  accounts: string[];
  balance: string;
}

export interface UsagePlan {
  targets: UsageTarget[];
  byRoute: Map<string, RouteUsage>;
}

/** The OAuth account types whose subscription windows RouteLights reads from their own tokens. */
const OAUTH: Record<string, 'codex' | 'claude'> = { codex: 'codex', claude: 'claude' };
const SUBSCRIPTION: Record<'codex' | 'claude', string> = { codex: 'a ChatGPT subscription (Codex)', claude: 'a Claude subscription' };

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
  const byRoute = new Map<string, RouteUsage>();
  const add = (target: UsageTarget) => targets.has(target.account) || targets.set(target.account, target);
  for (const r of routes) {
    const s = r.surface;
    if (!s) continue;
    const keyed = r.key.kind === 'value' ? `${s.id}|${keyTag(r.key)}` : null;
    switch (s.kind) {
      case 'zai':
        if (zaiGenericEndpoint(r.baseUrl)) byRoute.set(r.routeKey, { accounts: [], balance: "Z.AI's pay-as-you-go balance, not the coding plan (the generic endpoint)" });
        else if (keyed) {
          add({ account: keyed, surface: s, balance: 'the Z.AI coding plan', source: { kind: 'key', key: r.key } });
          byRoute.set(r.routeKey, { accounts: [keyed], balance: 'the Z.AI coding plan' });
        }
        break;
      case 'kimi':
        if (keyed) {
          add({ account: keyed, surface: s, balance: 'the Kimi For Coding plan', source: { kind: 'key', key: r.key } });
          byRoute.set(r.routeKey, { accounts: [keyed], balance: 'the Kimi For Coding plan' });
        }
        break;
      case 'litellm':
        if (keyed) {
          add({ account: keyed, surface: s, balance: "this LiteLLM key's budget", source: { kind: 'key', key: r.key } });
          byRoute.set(r.routeKey, { accounts: [keyed], balance: "this LiteLLM key's budget" });
        }
        break;
      case 'vibeproxy': {
        const management = `${s.id}|management`;
        if (managementKey) add({ account: management, surface: s, balance: 'the requests and tokens CLIProxyAPI counts', source: { kind: 'management' } });
        const types = r.model ? (modelFamily(r.model)?.types ?? []) : [];
        const serving = oauthAccounts.filter((a) => types.includes(a.type) && OAUTH[a.type] && !a.disabled);
        for (const a of serving) add({ account: `${s.id}|${a.file}`, surface: s, balance: SUBSCRIPTION[OAUTH[a.type]!], source: { kind: 'oauth', provider: OAUTH[a.type]!, file: a.file, email: a.email } });
        const provider = serving[0] ? OAUTH[serving[0].type]! : null;
        if (serving.length || managementKey) byRoute.set(r.routeKey, { accounts: [...serving.map((a) => `${s.id}|${a.file}`), ...(managementKey ? [management] : [])], balance: provider ? `${SUBSCRIPTION[provider]} through VibeProxy` : 'the accounts behind VibeProxy' });
        break;
      }
      default:
        break;
    }
  }
  return { targets: [...targets.values()], byRoute };
}
