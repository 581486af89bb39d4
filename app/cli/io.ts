// What a CLI command may touch of the outside world, passed in so that tests run commands in-process.

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Everything on standard input (for --api-key-stdin); rejects when stdin is a terminal. */
  readStdin: () => Promise<string>;
  /** Asks on the terminal without echoing what is typed; rejects when there is no terminal. */
  promptHidden: (question: string) => Promise<string>;
  stdinIsTerminal: boolean;
  /** The terminal's width for tables ($COLUMNS, else the terminal's own); null when stdout is not a terminal: nothing is cut. */
  columns: number | null;
  env: NodeJS.ProcessEnv;
}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const { stdin, stderr } = process;
    if (!stdin.isTTY) return reject(new Error('standard input is not a terminal'));
    stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    let value = '';
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          done();
          return resolve(value);
        }
        if (ch === '\u0003') {
          done();
          return reject(new Error('cancelled'));
        }
        value = ch === '\u007f' ? value.slice(0, -1) : value + ch;
      }
    };
    const done = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
    };
    stdin.on('data', onData);
  });
}

export const EXIT = { ok: 0, findings: 1, badInput: 2 } as const;

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    stdinIsTerminal: !!process.stdin.isTTY,
    columns: process.stdout.isTTY ? Number(process.env.COLUMNS) || process.stdout.columns || 80 : null,
    promptHidden: (question) => promptHidden(question),
    readStdin: async () => {
      if (process.stdin.isTTY) throw new Error('standard input is a terminal');
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
