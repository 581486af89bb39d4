// VibeProxy's logged-in accounts, read without any key from CLIProxyAPI's auth files
// (~/.cli-proxy-api/*.json). Only `type`, `email`, `expired` and `disabled` are kept: the tokens in those
// files are never read into anything RouteLights returns.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';

export interface Account {
  file: string;
  type: string;
  email: string | null;
  /** The access token's expiry; a past one while the engine runs means its refresh is failing. */
  expired: string | null;
  disabled: boolean;
}

export async function readAccounts(authDir: string): Promise<Account[] | null> {
  const names = await fs.readdir(authDir).catch(() => null);
  if (!names) return null;
  const accounts: Account[] = [];
  for (const file of names.filter((n) => n.endsWith('.json')).sort()) {
    try {
      const raw = JSON.parse(await fs.readFile(join(authDir, file), 'utf8')) as Record<string, unknown>;
      if (typeof raw.type !== 'string') continue;
      accounts.push({
        file,
        type: raw.type.toLowerCase(),
        email: typeof raw.email === 'string' ? raw.email : null,
        expired: typeof raw.expired === 'string' ? raw.expired : null,
        disabled: raw.disabled === true,
      });
    } catch {
      // Not an auth file (or half written): it says nothing about accounts.
    }
  }
  return accounts;
}

export function accountProblem(account: Account, now: Date): string | null {
  if (account.disabled) return 'disabled';
  if (account.expired && Date.parse(account.expired) < now.getTime()) return `token expired ${account.expired} (refresh failing?)`;
  return null;
}

/** Which account types serve a model family, by the model's name (VibeProxy's providers). */
const FAMILIES: Array<{ pattern: RegExp; label: string; types: string[] }> = [
  { pattern: /claude|opus|sonnet|haiku/i, label: 'Claude', types: ['claude', 'antigravity'] },
  { pattern: /gpt|codex|^o\d/i, label: 'ChatGPT/Codex', types: ['codex', 'github-copilot', 'copilot'] },
  { pattern: /gemini/i, label: 'Gemini', types: ['gemini', 'gemini-cli', 'antigravity', 'vertex', 'aistudio'] },
  { pattern: /kimi|moonshot/i, label: 'Kimi', types: ['kimi'] },
  { pattern: /grok/i, label: 'xAI Grok', types: ['xai'] },
  { pattern: /qwen/i, label: 'Qwen', types: ['qwen'] },
];

export function modelFamily(model: string): { label: string; types: string[] } | null {
  return FAMILIES.find((f) => f.pattern.test(model)) ?? null;
}
