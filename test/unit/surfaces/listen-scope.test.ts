// The beyond-loopback finding reads the OS's socket table (no traffic): a port bound to all interfaces
// is reported, one bound to 127.0.0.1 is not.
import { createServer } from 'node:net';
import { expect, it } from 'vitest';
import { nonLoopbackListeners } from '../../../app/surfaces/listen-scope.ts';

async function listen(host: string): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { port: (server.address() as { port: number }).port, close: () => new Promise((r) => server.close(() => r())) };
}

it.runIf(process.platform === 'linux')('tells a port on all interfaces from a loopback-only one', async () => {
  const wide = await listen('0.0.0.0');
  const local = await listen('127.0.0.1');
  try {
    expect(await nonLoopbackListeners(wide.port)).toEqual(['0.0.0.0']);
    expect(await nonLoopbackListeners(local.port)).toEqual([]);
  } finally {
    await wide.close();
    await local.close();
  }
});
