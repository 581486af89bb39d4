// Runs the probe a surface's kind calls for, then (when the surface answers) checks that the paths
// Droid will post to exist there; keeps its deadline even if a probe misbehaves.
import { probeDirect } from './direct.ts';
import { baseResult } from './http-verdicts.ts';
import { probeLiteLlm } from './litellm.ts';
import type { ProbeContext, ProbeResult, ProbeTarget } from './probe-types.ts';
import { probeVibeProxy } from './vibeproxy.ts';
import { checkWire } from './wire-check.ts';

function byKind(target: ProbeTarget, ctx: ProbeContext): Promise<ProbeResult> {
  switch (target.surface.kind) {
    case 'vibeproxy':
      return probeVibeProxy(target, ctx);
    case 'litellm':
      return probeLiteLlm(target, ctx);
    default:
      return probeDirect(target, ctx);
  }
}

/** A probe never takes longer than its deadline plus a small grace, whatever happens inside it. */
export async function probeSurface(target: ProbeTarget, ctx: ProbeContext): Promise<ProbeResult> {
  const hardLimitMs = ctx.deadlineMs * 2 + 1_000;
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<ProbeResult>((resolve) => {
    timer = setTimeout(() => resolve(baseResult(target, { color: 'red', door: 'timeout', reason: `${target.surface.origin} did not answer within ${hardLimitMs / 1000} s.`, remedy: 'Check that the service is healthy; restart it if it is stuck.' }, null)), hardLimitMs);
  });
  const probe = async (): Promise<ProbeResult> => {
    const result = await byKind(target, ctx);
    return result.color === 'red' || target.wire.length === 0 ? result : { ...result, wire: await checkWire(target, ctx) };
  };
  try {
    return await Promise.race([probe(), limit]);
  } catch (error) {
    return baseResult(target, { color: 'red', door: 'probe-error', reason: `Probing ${target.surface.origin} failed: ${(error as Error).message}.`, remedy: 'Run again; report it if it persists.' }, null);
  } finally {
    clearTimeout(timer);
  }
}
