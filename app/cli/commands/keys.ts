// `routelights keys …`: key names in the Keychain (never values), set from stdin or a hidden prompt
// (never from argv), delete, and move plain-text keys out of the route files into the Keychain.
import { FailureError } from '../../model/failure.ts';
import { isKeyName } from '../../model/key-name.ts';
import { withConnection } from '../connect.ts';
import { formatFailure } from '../failure-text.ts';
import { EXIT } from '../io.ts';
import type { CommandContext } from '../program.ts';
import { renderTable } from '../table.ts';

async function readValue(ctx: CommandContext, name: string): Promise<string> {
  const { io } = ctx;
  const raw = io.stdinIsTerminal ? await io.promptHidden(`Value for ${name} (not shown): `) : await io.readStdin();
  const value = raw.replace(/\r?\n$/, '');
  if (!value) throw new FailureError({ layer: 'usage', code: 'empty-key', reason: 'No key value was given.', remedy: `Pipe it in (e.g. pbpaste | routelights keys set ${name}) or type it at the prompt.` });
  return value;
}

export async function list(ctx: CommandContext, options: { settings?: string; json?: boolean }): Promise<void> {
  await withConnection(ctx.io, options, async ({ api }) => {
    const { keys, keychain } = await api.call('keys.list', {});
    // The names the routes reference are still worth listing: the keychain column then says "unknown".
    if (keychain) {
      ctx.io.stderr(formatFailure(keychain, ctx.verbose));
      ctx.setExit(EXIT.badInput);
    }
    if (options.json) return ctx.io.stdout(`${JSON.stringify({ keys }, null, 2)}\n`);
    if (keys.length === 0) return ctx.io.stdout("No keys yet. Move plain-text keys with 'routelights keys move', or add one with 'routelights keys set NAME'.\n");
    ctx.io.stdout(renderTable(['NAME', 'KEYCHAIN', 'ENV', 'ROUTES'], keys.map((r) => [r.name, r.inKeychain === null ? 'unknown (keychain unavailable)' : r.inKeychain ? 'yes' : 'MISSING', r.inEnvironment ? 'set' : '-', r.routes.join(', ') || '-']), ctx.io.columns));
  });
}

export async function set(ctx: CommandContext, name: string, options: { settings?: string }): Promise<void> {
  if (!isKeyName(name)) throw new FailureError({ layer: 'usage', code: 'bad-key-name', reason: `${JSON.stringify(name)} is not a key name.`, remedy: 'Use letters, digits and underscores, e.g. ROUTELIGHTS_KEY_LITELLM.' });
  const value = await readValue(ctx, name);
  await withConnection(ctx.io, { ...options, mayBeNew: true }, async ({ api }) => {
    await api.call('keys.set', { name, value });
    ctx.io.stderr(`Stored ${name} in the Keychain (service RouteLights). Write it in a route as "\${${name}}".\n`);
  });
}

export async function remove(ctx: CommandContext, name: string, options: { settings?: string }): Promise<void> {
  await withConnection(ctx.io, { ...options, mayBeNew: true }, async ({ api }) => {
    const { existed } = await api.call('keys.delete', { name });
    ctx.io.stderr(existed ? `Deleted ${name}.\n` : `${name} was not in the Keychain.\n`);
  });
}

export async function move(ctx: CommandContext, options: { settings?: string; route?: string[]; json?: boolean; scrubBackups?: boolean; dryRun?: boolean }): Promise<void> {
  const { io } = ctx;
  await withConnection(io, options, async ({ api }) => {
    const outcome = await api.call('keys.move', { ...(options.route ? { routeIds: options.route } : {}), ...(options.scrubBackups ? { scrubBackups: true } : {}), ...(options.dryRun ? { dryRun: true } : {}) });
    if (outcome.scrubbed.length) io.stderr(`Deleted ${outcome.scrubbed.length} backup(s) that held a moved key in plain text.\n`);
    if (outcome.backupsWithKeys.length) io.stderr(`${outcome.backupsWithKeys.length} backup(s) made before the move still hold the key in plain text (${outcome.backupsWithKeys.join(', ')}); run again with --scrub-backups to delete them once you are satisfied.\n`);
    if (options.json) return io.stdout(`${JSON.stringify(outcome, null, 2)}\n`);
    if (outcome.moves.length === 0) return io.stdout('No plain-text keys to move.\n');
    io.stdout(renderTable(['ROUTE', 'FIELD', 'NAME', 'STATUS', 'DETAIL'], outcome.moves.map((m) => [m.routeId, m.field, m.name ?? '-', m.status, m.detail]), io.columns));
    if (options.dryRun) return io.stderr('Nothing was stored or written (--dry-run).\n');
    io.stderr("Droid reads ${NAME} from its environment: start it with 'routelights exec -- droid …', or export the names in your shell profile from the Keychain.\n");
  });
}
