// Entry point of the `routelights` executable: a signal stops the command cleanly (stop-signal.ts).
import { processIo } from './io.ts';
import { run } from './program.ts';
import { guardInterrupts } from './stop-signal.ts';

guardInterrupts((text) => process.stderr.write(text));
process.exitCode = await run(process.argv.slice(2), processIo());
