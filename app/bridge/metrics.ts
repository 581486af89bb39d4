// Prometheus metrics for `GET /metrics` (prom-client): a light gauge per route and per surface
// (0 green, 1 yellow, 2 gray, 3 red), probe latency, sentinel verdict counters, the last check time,
// and per surface account and usage window the share left and its reset time.
// Labels carry ids, file paths, origins and usage accounts (a key's short hash, never the key) only, and
// stay stable: never a URL with credentials, never a label that changes with what a provider answers.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ApiEvent } from '../api/contract.ts';
import type { Color } from '../model/light.ts';
import type { Snapshot } from '../model/snapshot.ts';
import { leftPercent } from '../model/usage.ts';

export const LIGHT_VALUE: Record<Color, number> = { green: 0, yellow: 1, gray: 2, red: 3 };

export class BridgeMetrics {
  readonly registry = new Registry();
  private readonly routeLight = new Gauge({ name: 'routelights_route_light', help: 'Light of each route Droid uses, by id and the file it comes from: 0 green, 1 yellow, 2 gray, 3 red', labelNames: ['route', 'file', 'surface'] as const, registers: [this.registry] });
  private readonly surfaceLight = new Gauge({ name: 'routelights_surface_light', help: 'Light of each surface: 0 green, 1 yellow, 2 gray, 3 red', labelNames: ['surface', 'kind'] as const, registers: [this.registry] });
  private readonly droidLight = new Gauge({ name: 'routelights_droid_account_light', help: 'Light of the Droid account layer: 0 green, 1 yellow, 2 gray, 3 red', registers: [this.registry] });
  private readonly overall = new Gauge({ name: 'routelights_overall_light', help: 'The worst light: 0 green, 1 yellow, 2 gray, 3 red', registers: [this.registry] });
  private readonly latency = new Histogram({ name: 'routelights_probe_latency_seconds', help: 'Latency of each surface probe', labelNames: ['surface', 'kind'] as const, buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [this.registry] });
  private readonly lastCheck = new Gauge({ name: 'routelights_last_check_timestamp_seconds', help: 'When the last check cycle ended (Unix time)', registers: [this.registry] });
  private readonly usageLeft = new Gauge({ name: 'routelights_usage_left_ratio', help: 'Share of a usage window left (0 to 1), per surface account and window', labelNames: ['surface', 'kind', 'account', 'window'] as const, registers: [this.registry] });
  private readonly usageReset = new Gauge({ name: 'routelights_usage_resets_timestamp_seconds', help: 'When a usage window resets (Unix time)', labelNames: ['surface', 'kind', 'account', 'window'] as const, registers: [this.registry] });
  private readonly usageRead = new Gauge({ name: 'routelights_usage_read_ok', help: 'Whether the last usage reading of an account succeeded (1) or failed (0)', labelNames: ['surface', 'kind', 'account'] as const, registers: [this.registry] });
  private readonly sentinels = new Counter({ name: 'routelights_sentinel_total', help: 'Sentinel verdicts per route', labelNames: ['route', 'verdict'] as const, registers: [this.registry] });

  observe(event: ApiEvent): void {
    if (event.type === 'snapshot') this.observeSnapshot(event.snapshot);
    if (event.type === 'sentinel' && event.phase === 'verdict' && event.result) this.sentinels.inc({ route: event.routeId, verdict: event.result.verdict });
  }

  observeSnapshot(s: Snapshot): void {
    this.routeLight.reset();
    this.surfaceLight.reset();
    for (const r of s.routes.filter((x) => x.used)) this.routeLight.set({ route: r.id, file: r.source.path, surface: r.surface?.id ?? 'none' }, LIGHT_VALUE[r.light]);
    for (const x of s.surfaces) {
      this.surfaceLight.set({ surface: x.origin, kind: x.kind }, LIGHT_VALUE[x.light]);
      if (x.latencyMs !== null) this.latency.observe({ surface: x.origin, kind: x.kind }, x.latencyMs / 1000);
    }
    this.usageLeft.reset();
    this.usageReset.reset();
    this.usageRead.reset();
    for (const u of s.usage) {
      if (u.problem || u.readAt) this.usageRead.set({ surface: u.surfaceId, kind: u.kind, account: u.account }, u.problem ? 0 : 1);
      for (const w of u.windows) {
        const labels = { surface: u.surfaceId, kind: u.kind, account: u.account, window: w.id };
        const left = w.state === 'unknown' ? null : leftPercent(w);
        if (left !== null) this.usageLeft.set(labels, left / 100);
        if (w.resetsAt) this.usageReset.set(labels, Date.parse(w.resetsAt) / 1000);
      }
    }
    this.droidLight.set(LIGHT_VALUE[s.droid.light]);
    this.overall.set(LIGHT_VALUE[s.overall]);
    this.lastCheck.set(Date.parse(s.checkedAt) / 1000);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
