// Scans what the suite captured (CLI output, histories, reports, logs, exports) for the canary key.
// Inputs the tests planted on purpose (settings files and their backups, drafts, a login shell's
// profile) and other programs' own folders (Droid's ~/.factory, the keyring) are not outputs of
// RouteLights and are not scanned.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

const SKIP_DIRS = new Set(['.factory', '.local', '.cache', 'auth', 'node_modules']);
const INPUT = /^(settings(\.local)?\.json|config\.json|\.bash_profile|draft.*|bad-draft.*|a\.txt|b\.txt|litellm\.yaml|config\.yaml)(\.backup-.*)?$|\.tmp$/;

export function canaryHits(root: string, canary: string): string[] {
  const hits: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      // A link is read through, but one that loops (a fault test leaves one behind when it fails) is skipped.
      let stat;
      try {
        stat = statSync(path, { throwIfNoEntry: false });
      } catch {
        continue;
      }
      if (!stat) continue;
      if (stat.isDirectory()) {
        if (!SKIP_DIRS.has(name)) walk(path);
      } else if (stat.isFile() && !INPUT.test(basename(path)) && stat.size < 20 * 1024 * 1024) {
        if (readFileSync(path, 'utf8').includes(canary)) hits.push(path);
      }
    }
  };
  walk(root);
  return hits;
}
