// Sentinel tokens: fresh per run, shaped `RL_<ROUTE>_<random>` so a reply can only match if the model
// really answered this prompt (and a person can tell which route a token belongs to).
import { randomBytes } from 'node:crypto';

export function sentinelToken(routeId: string): string {
  const route = routeId.replace(/^custom:/, '').toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 24) || 'ROUTE';
  return `RL_${route}_${randomBytes(4).toString('hex').toUpperCase()}`;
}

export function sentinelPrompt(token: string): string {
  return `Reply exactly: ${token}`;
}
