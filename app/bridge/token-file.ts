// The bridge's token from `serve --token-file`: a file that already exists is used only when it is the
// user's own, unreadable to anyone else and strong enough; a missing or empty one gets a fresh token.
import { randomBytes } from 'node:crypto';
import { constants as fsConstants, lstatSync, promises as fs, type Stats } from 'node:fs';
import { FailureError } from '../model/failure.ts';

/** What a token must be worth to guess: 2^128 tries, as a 22-character base64url or 32-character hex random value. */
export const MIN_TOKEN_BITS = 128;

/** What a bearer header and a URL fragment carry unchanged (RFC 6750's b64token). */
const TOKEN_CHARACTERS = /^[A-Za-z0-9\-._~+/]+=*$/;

export function freshToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * The bits a token carries at most: 4 a character when it is all hex digits, 6 when it uses more of
 * the alphabet. Only an upper bound (`aaaa…` would pass), which is why the file must also be private.
 */
export function tokenBits(token: string): number {
  return token.length * (/^[0-9a-fA-F]+$/.test(token) ? 4 : 6);
}

function refused(file: string, reason: string, remedy: string): FailureError {
  return new FailureError({ layer: 'usage', code: 'token-file', reason: `Cannot use ${file} as the token file: ${reason}.`, remedy });
}

/** `why`: the system's code (ENOENT, EACCES…) or a word on what the path is instead of a file. */
function unusable(file: string, why: string): FailureError {
  return new FailureError({ layer: 'usage', code: 'token-file', reason: `Cannot use ${file} as the token file (${why}).`, remedy: 'Give --token-file a file you can read and write (its folder must exist), or leave it out for a fresh token on each start.' });
}

/** Why an existing token file is not private enough to hold a token, or null. */
function privacyProblem(file: string, stat: Stats, uid: number | undefined): FailureError | null {
  if (uid !== undefined && stat.uid !== uid) return refused(file, `it belongs to user ${stat.uid}, not to you (${uid}), so its owner can read or change the token`, `Use a token file of your own: ${fresh(file)}.`);
  if ((stat.mode & 0o077) !== 0) return refused(file, `its mode is ${(stat.mode & 0o777).toString(8).padStart(4, '0')}, so other users on this machine can read or change the token`, `Run chmod 600 ${file}, or ${fresh(file)}.`);
  return null;
}

/** Why a token is too weak to use, or null; never says anything of the token but its length. */
function strengthProblem(file: string, token: string): FailureError | null {
  if (!TOKEN_CHARACTERS.test(token)) return refused(file, 'it holds characters a bearer token cannot carry (only letters, digits and - . _ ~ + / with = at the end)', `Put a random base64url token in it, or ${fresh(file)}.`);
  if (tokenBits(token) < MIN_TOKEN_BITS) return refused(file, `its token is too short to be safe (${token.length} character${token.length === 1 ? '' : 's'}, at most ${tokenBits(token)} bits; ${MIN_TOKEN_BITS} are needed)`, `Put at least 22 random base64url characters or 32 hex digits in it (openssl rand -hex 16), or ${fresh(file)}.`);
  return null;
}

function isLink(file: string): boolean {
  return lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
}

const fresh = (file: string) => `delete it (rm ${file}) and routelights serve writes a fresh one`;

/** The token in `file`, or a fresh one written there (mode 0600) when it is missing or empty. `uid` is whose the file must be. */
export async function tokenFromFile(file: string, uid: number | undefined = process.getuid?.()): Promise<string> {
  // Non-blocking, so that a FIFO put there fails the checks below instead of hanging the start.
  // Never through a link: a link (even a broken one) would put the token wherever it points.
  const handle = await fs.open(file, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK | fsConstants.O_NOFOLLOW).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' && !isLink(file)) return null;
    if (error.code === 'ELOOP' || isLink(file)) throw unusable(file, 'a symbolic link');
    throw unusable(file, error.code ?? error.message);
  });
  if (handle) {
    // Checked on the file that was opened, so that it cannot be swapped between the check and the read.
    let token: string;
    let stat: Stats;
    try {
      stat = await handle.stat();
      if (!stat.isFile()) throw unusable(file, stat.isDirectory() ? 'EISDIR' : 'not a regular file');
      token = (await handle.readFile('utf8')).trim();
    } finally {
      await handle.close();
    }
    // An empty file too must be private: the fresh token written into it keeps its mode.
    const problem = privacyProblem(file, stat, uid) ?? (token ? strengthProblem(file, token) : null);
    if (problem) throw problem;
    if (token) return token;
  }
  const token = freshToken();
  // A new file is made (never through a link already there); an empty one is refilled, not followed through a link either.
  const flags = handle ? fsConstants.O_WRONLY | fsConstants.O_TRUNC | fsConstants.O_NOFOLLOW : fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL;
  await fs.writeFile(file, `${token}\n`, { mode: 0o600, flag: flags }).catch((error: NodeJS.ErrnoException) => {
    throw unusable(file, error.code ?? error.message);
  });
  return token;
}
