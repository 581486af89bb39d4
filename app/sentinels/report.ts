// The readiness report: the field guide's checklist for this machine, each line ticked or not with its
// evidence, the same lines in the same order on every machine so that two reports compare line by line.
// Its last line checks the report itself for every known key value.
import type { Route } from '../model/route.ts';
import { hideUrlSecrets } from '../model/secret-fields.ts';
import { windowPhrase } from '../model/usage.ts';
import type { Snapshot } from '../model/snapshot.ts';
import { redactor } from '../secrets/redact.ts';
import { resolveApiKey, type KeyLookup } from '../secrets/resolve.ts';
import { lastVerdicts, readHistory, type HistoryEntry } from './history.ts';

export interface ReportItem {
  id: string;
  label: string;
  /** null: does not apply on this machine (e.g. no LiteLLM route). */
  ok: boolean | null;
  evidence: string;
}

export interface ReadinessReport {
  machine: string;
  generatedAt: string;
  settingsPath: string;
  overall: Snapshot['overall'];
  items: ReportItem[];
}

function ago(at: string, now: Date): string {
  const min = Math.round((now.getTime() - Date.parse(at)) / 60_000);
  return min < 90 ? `${min} min ago` : `${Math.round(min / 60)} h ago`;
}

function surfaceItems(snapshot: Snapshot, routes: readonly Route[]): ReportItem[] {
  const keys = new Set(routes.map((r) => r.key));
  const vibe = snapshot.routes.filter((r) => keys.has(r.key) && r.surface?.kind === 'vibeproxy').map((r) => ({ id: r.id, model: r.settings.model, listed: snapshot.surfaces.find((s) => s.id === r.surface?.id)?.models ?? [] }));
  const vibeMissing = vibe.filter((r) => r.model && !r.listed.includes(r.model));
  const glm = routes.filter((r) => /glm/i.test(r.model ?? '') || /api\.z\.ai|bigmodel\.cn/.test(r.baseUrl ?? ''));
  const glmWrong = glm.filter((r) => !/\/api\/(coding\/paas\/v4|anthropic)/.test(r.baseUrl ?? ''));
  const litellm = snapshot.surfaces.filter((s) => s.kind === 'litellm' && !s.unused);
  return [
    {
      id: 'vibeproxy-models',
      label: 'VibeProxy exposes the expected models',
      ok: vibe.length ? vibeMissing.length === 0 : null,
      evidence: vibe.length ? (vibeMissing.length ? `not listed: ${vibeMissing.map((r) => `${r.model} (${r.id})`).join(', ')}` : `lists ${vibe.map((r) => r.model).join(', ')}`) : 'no route uses VibeProxy',
    },
    {
      id: 'glm-coding-endpoint',
      label: 'GLM routes use the Z.AI coding endpoint, not the generic one',
      ok: glm.length ? glmWrong.length === 0 : null,
      evidence: glm.length ? (glmWrong.length ? `generic endpoint: ${glmWrong.map((r) => `${r.id} → ${hideUrlSecrets(r.baseUrl ?? '')}`).join(', ')}` : glm.map((r) => `${r.id} → ${hideUrlSecrets(r.baseUrl ?? '')}`).join(', ')) : 'no GLM route',
    },
    {
      id: 'litellm-models',
      label: 'LiteLLM answers /v1/models with the proxy key',
      ok: litellm.length ? litellm.every((s) => s.light === 'green') : null,
      evidence: litellm.length ? litellm.map((s) => `${s.origin}: ${s.reason}`).join('; ') : 'no route uses LiteLLM',
    },
  ];
}

/** Each usage account: ticked while no window is used up; its windows, or why it could not be read. */
function usageItems(snapshot: Snapshot, now: Date): ReportItem[] {
  return snapshot.usage.map((u) => {
    const windows = u.windows.filter((w) => w.state !== 'unknown');
    const evidence = [windows.map((w) => windowPhrase(w, now)).join('; ') || u.note || 'no window read', ...(u.problem ? [`last reading failed: ${u.problem.reason}`] : [])].join(' — ');
    return { id: `usage:${u.account}`, label: `quota left: ${u.label}`, ok: windows.length ? windows.every((w) => w.state !== 'exhausted') : null, evidence };
  });
}

export function buildReport(snapshot: Snapshot, routes: readonly Route[], last: Map<string, HistoryEntry>, freshnessMs: number, now = new Date()): ReadinessReport {
  const computer = snapshot.droid.computer;
  const items: ReportItem[] = [
    { id: 'droid-computer', label: 'droid computer list shows the machine', ok: computer.registered === true, evidence: `${computer.detail} (account: ${snapshot.droid.reason})` },
    ...surfaceItems(snapshot, routes),
    ...usageItems(snapshot, now),
  ];
  const sentinelItems = [...routes]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((route): ReportItem => {
      const entry = last.get(route.key) ?? last.get(route.id);
      const fresh = entry && now.getTime() - Date.parse(entry.finishedAt) <= freshnessMs;
      const evidence = !entry ? 'no sentinel run yet' : `${entry.verdict === 'pass' ? 'exact' : 'failed'} ${ago(entry.finishedAt, now)}${entry.verdict === 'pass' ? ` (${entry.token})` : `: ${entry.reason}`}${fresh ? '' : ' — older than the freshness window'}`;
      return { id: `sentinel:${route.id}`, label: `sentinel exact: ${route.id}`, ok: !!entry && entry.verdict === 'pass' && !!fresh, evidence };
    });
  const exact = sentinelItems.filter((i) => i.ok).length;
  items.push({ id: 'sentinels', label: 'Droid returns exact sentinels for every route', ok: routes.length ? exact === routes.length : null, evidence: routes.length ? `${exact}/${routes.length} exact and fresh` : 'no routes' }, ...sentinelItems);
  return { machine: snapshot.machine, generatedAt: now.toISOString(), settingsPath: snapshot.settingsPath, overall: snapshot.overall, items };
}

const TICK = (ok: boolean | null) => (ok === null ? '[-]' : ok ? '[x]' : '[ ]');

export function reportMarkdown(report: ReadinessReport): string {
  const lines = [`# Droid readiness — ${report.machine}`, '', `Generated ${report.generatedAt} · settings ${report.settingsPath} · overall ${report.overall}`, ''];
  for (const item of report.items) lines.push(`- ${TICK(item.ok)} ${item.label} — ${item.evidence}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The field guide's last line, checked on the report itself: every known key value is looked for in
 * its text; any found is cut out and the line is left unticked, naming how many.
 */
export function sealReport(report: ReadinessReport, secrets: readonly string[]): ReadinessReport {
  const values = [...new Set([...secrets, ...redactor.knownValues()])].filter((s) => s.length >= 4);
  let found = 0;
  const clean = (text: string) =>
    values.reduce((t, v) => {
      const parts = t.split(v);
      found += parts.length - 1;
      return parts.join('‹redacted›');
    }, text);
  const items = report.items.map((i) => ({ ...i, label: clean(i.label), evidence: clean(i.evidence) }));
  const sealed: ReadinessReport = { ...report, settingsPath: clean(report.settingsPath), items };
  sealed.items.push({ id: 'no-secrets', label: 'No secrets appear in this report', ok: found === 0, evidence: found === 0 ? `checked for ${values.length} known key value(s): none present` : `${found} occurrence(s) of a key value were found and removed` });
  return sealed;
}

/** The sealed report for a snapshot and the routes Droid uses, with the history's last verdicts. */
export async function readinessReport(snapshot: Snapshot, routes: readonly Route[], historyFile: string, lookup: KeyLookup, freshnessMs: number): Promise<ReadinessReport> {
  const secrets = routes.map((r) => resolveApiKey(r.apiKey, lookup)).flatMap((k) => (k.kind === 'value' ? [k.value] : []));
  return sealReport(buildReport(snapshot, routes, lastVerdicts(await readHistory(historyFile)), freshnessMs), secrets);
}
