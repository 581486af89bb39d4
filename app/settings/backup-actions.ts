// Which user action each backup preceded, kept beside it (`<backup>.action.json`): the action in words,
// the routes it touched, and an id shared by the backups one action took of several files (its undo).
import { promises as fs } from 'node:fs';

export interface BackupAction {
  id: string;
  label: string;
  routes: string[];
}

export const actionNotePath = (backupPath: string) => `${backupPath}.action.json`;

export async function writeActionNote(backupPath: string, action: BackupAction): Promise<void> {
  await fs.writeFile(actionNotePath(backupPath), `${JSON.stringify(action)}\n`, { mode: 0o600 });
}

/** The action a backup preceded, or null for one taken before notes were kept (or by another tool). */
export async function readActionNote(backupPath: string): Promise<BackupAction | null> {
  try {
    const raw = JSON.parse(await fs.readFile(actionNotePath(backupPath), 'utf8')) as Partial<BackupAction>;
    return typeof raw.id === 'string' && typeof raw.label === 'string' && Array.isArray(raw.routes) ? { id: raw.id, label: raw.label, routes: raw.routes.filter((r): r is string => typeof r === 'string') } : null;
  } catch {
    return null;
  }
}
