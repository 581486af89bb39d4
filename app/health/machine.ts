// The machine's name as reports and snapshots carry it (reports from two machines are compared by it).
import { hostname } from 'node:os';

export function machineName(env: NodeJS.ProcessEnv = process.env): string {
  return env.ROUTELIGHTS_MACHINE?.trim() || hostname().replace(/\.local$/, '');
}
