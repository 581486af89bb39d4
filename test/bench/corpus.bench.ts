// Benchmark (printed): lint over the public corpus of real users' files (test/fixtures/corpus): findings
// per rule, the files they fall in, and one example each, for reviewing false positives by hand; and the
// routes Droid leaves out, which RouteLights shows as ignored instead of as routes.
import { lintRoutes } from '../../app/settings/lint.ts';
import { filesDroidSkips, loadRouteMap } from '../../app/settings/route-map.ts';
import { surfaceOptionsFromEnv } from '../../app/surfaces/derive.ts';
import { corpusFiles, homeWith } from '../helpers/corpus.ts';
import { sources } from '../helpers/sources.ts';
import { printTable } from './table.ts';

const perRule = new Map<string, { count: number; files: Set<string>; example: string }>();
let routes = 0;
let ignored = 0;
let unreadable = 0;
const files = corpusFiles();
for (const file of files) {
  const { settingsPath } = homeWith(file, 'rl-bench-corpus-');
  const map = await loadRouteMap(sources(settingsPath));
  if (!map.ok) {
    unreadable++;
    continue;
  }
  routes += map.value.routes.length;
  ignored += map.value.routes.filter((r) => r.ignored).length;
  const findings = [...map.value.problems, ...lintRoutes(map.value.routes, surfaceOptionsFromEnv({}), filesDroidSkips(map.value))];
  for (const f of findings) {
    const seen = perRule.get(f.rule) ?? { count: 0, files: new Set<string>(), example: `${file.name.split('__')[0]}: ${f.message.replace(/\/\S*\/\.factory\//g, '~/.factory/').slice(0, 150)}` };
    seen.count++;
    seen.files.add(file.name);
    perRule.set(f.rule, seen);
  }
}
printTable(
  `Lint over the public corpus: ${files.length} files (${unreadable} unrendered templates Droid cannot read either), ${routes} entries, ${ignored} of them ignored by Droid`,
  ['rule', 'findings', 'files', 'example'],
  [...perRule].sort((a, b) => b[1].count - a[1].count).map(([rule, s]) => [rule, String(s.count), String(s.files.size), s.example.replace(/\|/g, '/')]),
);
