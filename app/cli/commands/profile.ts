// `routelights profile export|import`: one route map on two machines. Export writes ids, models, names,
// providers, base URLs and key names (never values); import merges by id with this machine's base URL
// overrides, previews with --dry-run, and lists the keys this machine still lacks.
import { promises as fs } from 'node:fs';
import type { Command } from 'commander';
import { collect } from '../repeatable.ts';
import { dataDir } from '../../data-dir.ts';
import { fail, FailureError, orThrow } from '../../model/failure.ts';
import { applyImport, planImport, planView, type ImportPlan } from '../../profiles/import.ts';
import { overridesPath, parseOverride, readOverrides, saveOverrides } from '../../profiles/overrides.ts';
import { exportProfile, profileSchema } from '../../profiles/profile.ts';
import { fsFailure } from '../../settings/fs-failure.ts';
import { effectiveRoutes } from '../../settings/route-map.ts';
import type { CliIo } from '../io.ts';
import { openRuntime } from '../runtime.ts';
import { renderTable } from '../table.ts';


export function renderPlan(plan: ImportPlan): string {
  const rows = plan.changes.map((c) => [c.action, c.routeId, Object.entries(c.fields).map(([f, [from, to]]) => `${f}: ${JSON.stringify(from)} → ${JSON.stringify(to)}`).join('; ') || '-']);
  const lines = [`From ${plan.from}:`, renderTable(['ACTION', 'ROUTE', 'CHANGES'], rows, 110).trimEnd()];
  if (plan.missingKeys.length) lines.push(`Keys this machine lacks (set them with 'routelights keys set NAME'): ${plan.missingKeys.join(', ')}`);
  if (plan.withoutKey.length) lines.push(`Routes whose key the other machine keeps in plain text (not exported): ${plan.withoutKey.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

export function registerProfile(program: Command, io: CliIo): void {
  const profile = program.command('profile').description('share the route map between machines (ids stay, base URLs may differ)');

  profile
    .command('export')
    .description('write the route map (no key values) to --out FILE or stdout')
    .option('--out <file>', 'write here instead of stdout')
    .option('--settings <path>', 'settings.json to use')
    .action(async (options: { out?: string; settings?: string }) => {
      const rt = await openRuntime(io, options.settings ? { settings: options.settings } : {});
      const doc = exportProfile(effectiveRoutes(rt.map), rt.machine);
      const text = `${JSON.stringify(doc, null, 2)}\n`;
      if (!options.out) return io.stdout(text);
      await fs.writeFile(options.out, text).catch((error: unknown) => orThrow(fail(fsFailure('writing', options.out!, error))));
      io.stderr(`Wrote ${doc.routes.length} route(s) from ${doc.machine} to ${options.out}.${doc.routes.some((r) => r.plainTextKey) ? ' Routes with plain-text keys were exported without them: move them to the Keychain first.' : ''}\n`);
    });

  profile
    .command('import <file>')
    .description('merge a profile into this machine’s settings.json (an existing id is updated, never duplicated)')
    .option('--override <origin=url>', "this machine's base URL for an origin, kept and re-applied on every import (repeatable)", collect)
    .option('--dry-run', 'show what would change, write nothing')
    .option('--json', 'print the plan as JSON')
    .option('--settings <path>', 'settings.json to use')
    .action(async (file: string, options: { override?: string[]; dryRun?: boolean; json?: boolean; settings?: string }) => {
      const text = await fs.readFile(file, 'utf8').catch((error: unknown) => orThrow(fail(fsFailure('reading', file, error))));
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        throw new FailureError({ layer: 'usage', code: 'bad-profile', reason: `${file} is not JSON.`, remedy: "Give a file written by 'routelights profile export'." });
      }
      const parsed = profileSchema.safeParse(raw);
      if (!parsed.success) throw new FailureError({ layer: 'usage', code: 'bad-profile', reason: `${file} is not a RouteLights profile (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}).`, remedy: "Give a file written by 'routelights profile export'." });
      const rt = await openRuntime(io, options.settings ? { settings: options.settings } : {});
      const path = overridesPath(dataDir(io.env));
      const origins = await readOverrides(path);
      for (const o of options.override ?? []) {
        const [from, to] = orThrow(parseOverride(o));
        origins[from] = to;
      }
      if (options.override?.length && !options.dryRun) await saveOverrides(path, origins);
      const plan = planImport(parsed.data, rt.map, origins, rt.lookupKey);
      io.stdout(options.json ? `${JSON.stringify(planView(plan), null, 2)}\n` : renderPlan(plan));
      if (options.dryRun) return io.stderr('Dry run: nothing was written.\n');
      const applied = orThrow(await applyImport(rt.settingsPath, plan));
      io.stderr(`Applied ${applied} change(s) to ${rt.settingsPath} (one backup each).\n`);
    });
}
