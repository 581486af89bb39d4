// What a CLI command may touch of the outside world, passed in so that tests run commands in-process.

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Everything on standard input (for --api-key-stdin); rejects when stdin is a terminal. */
  readStdin: () => Promise<string>;
  env: NodeJS.ProcessEnv;
}

export const EXIT = { ok: 0, findings: 1, badInput: 2 } as const;

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    readStdin: async () => {
      if (process.stdin.isTTY) throw new Error('standard input is a terminal');
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
