// Whether a local port listens beyond loopback, read passively from the OS (no traffic is sent):
// /proc/net/tcp{,6} on Linux, `lsof` on macOS. Null when it cannot be told.
import { promises as fs } from 'node:fs';
import { execa } from 'execa';

function procAddresses(text: string, port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return text
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols[3] === '0A' && cols[1]?.endsWith(`:${hexPort}`))
    .map((cols) => cols[1]!.split(':')[0]!);
}

function isLoopbackHex(hex: string): boolean {
  if (hex.length === 8) return hex.endsWith('7F');
  return hex === '00000000000000000000000001000000' || /^0000000000000000FFFF00000[0-9A-F]{2}00007F$/i.test(hex) || hex.endsWith('0100007F');
}

/** Addresses other than loopback that `port` listens on; [] when only loopback; null when unknown. */
export async function nonLoopbackListeners(port: number): Promise<string[] | null> {
  if (process.platform === 'linux') {
    const tables = await Promise.all(['/proc/net/tcp', '/proc/net/tcp6'].map((p) => fs.readFile(p, 'utf8').catch(() => '')));
    if (tables.every((t) => t === '')) return null;
    return tables.flatMap((t) => procAddresses(t, port)).filter((hex) => !isLoopbackHex(hex)).map((hex) => (/^0+$/.test(hex) ? (hex.length === 8 ? '0.0.0.0' : '[::]') : hex));
  }
  if (process.platform === 'darwin') {
    const out = await execa('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN'], { reject: false, timeout: 3_000 });
    if (out.exitCode !== 0 && !out.stdout) return out.exitCode === 1 ? [] : null;
    return [...String(out.stdout).matchAll(/TCP (\S+):\d+ \(LISTEN\)/g)].map((m) => m[1]!).filter((a) => !/^(127\.|\[::1\]|localhost)/.test(a));
  }
  return null;
}
