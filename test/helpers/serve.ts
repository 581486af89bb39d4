// `routelights serve` as a real process for the browser tests: it prints the URL with the token once.
import { execa, type ResultPromise } from 'execa';
import { CLI_ENTRY } from './cli.ts';

export interface Served {
  url: string;
  origin: string;
  token: string;
  process: ResultPromise;
  stop: () => Promise<void>;
}

export async function serve(args: string[], env: NodeJS.ProcessEnv): Promise<Served> {
  const child = execa(process.execPath, ['--disable-warning=ExperimentalWarning', CLI_ENTRY, 'serve', ...args], { env, extendEnv: false, reject: false });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Open: (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    void child.then(() => reject(new Error(`serve exited: ${out}`)));
    setTimeout(() => reject(new Error(`serve printed no URL: ${out}`)), 30_000);
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: /#token=(.+)$/.exec(url)![1]!,
    process: child,
    stop: async () => {
      child.kill('SIGINT');
      await child;
    },
  };
}
