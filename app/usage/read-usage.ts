// One reader per kind of usage account; a surface kind without a usage endpoint reads nothing.
import { readCliProxyUsage } from './cliproxyapi-usage.ts';
import { readKimiUsage } from './kimi-usage.ts';
import { readLiteLlmUsage } from './litellm-usage.ts';
import { readOAuthUsage } from './oauth-usage.ts';
import type { UsageContext, UsageOutcome, UsageTarget } from './usage-types.ts';
import { readZaiUsage } from './zai-usage.ts';

export function readUsage(target: UsageTarget, ctx: UsageContext): Promise<UsageOutcome> {
  if (target.source.kind === 'management') return readCliProxyUsage(ctx);
  if (target.source.kind === 'oauth') return readOAuthUsage(target.source, ctx);
  switch (target.surface.kind) {
    case 'zai':
      return readZaiUsage(target, ctx);
    case 'kimi':
      return readKimiUsage(target, ctx);
    case 'litellm':
      return readLiteLlmUsage(target, ctx);
    default:
      return Promise.resolve({ ok: false, code: 'no-usage-endpoint', reason: `A ${target.surface.kind} surface has no usage endpoint RouteLights knows.`, remedy: 'Declare the origin\'s kind if it is a gateway in front of Z.AI or Kimi.' });
  }
}
