// What a test started (servers, pages, keyrings), undone after it in reverse order: each test starts from
// nothing, so the tests pass alone and in any order.
import { afterEach } from 'vitest';

export function undoAfterEach(): (undo: () => Promise<void> | void) => void {
  let pending: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    const list = pending.reverse();
    pending = [];
    for (const undo of list) await undo();
  });
  return (undo) => void pending.push(undo);
}
