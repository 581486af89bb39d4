// Builds a ProbeTarget for probing one stand-in server directly, as the monitor would.
import type { SurfaceKind } from '../../app/surfaces/derive.ts';
import type { ProbeContext, ProbeTarget } from '../../app/surfaces/probe-types.ts';

export function target(kind: SurfaceKind, baseUrl: string, options: { key?: string; provider?: string; models?: string[] } = {}): ProbeTarget {
  const origin = new URL(baseUrl).origin;
  return {
    surface: { id: origin, kind, origin },
    baseUrl,
    provider: options.provider ?? 'generic-chat-completion-api',
    key: options.key === undefined ? { kind: 'none' } : { kind: 'value', value: options.key, reference: null },
    keyTag: 't',
    wantedModels: options.models ?? [],
    wire: [],
  };
}

export function context(deadlineMs = 1_500): ProbeContext {
  return { deadlineMs, vibeproxy: { authDir: '/nonexistent', enginePort: 1 }, rejectedManagementKeys: new Set(), wireChecks: new Map() };
}
