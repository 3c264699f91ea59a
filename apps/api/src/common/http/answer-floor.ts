import { setTimeout as wait } from 'node:timers/promises';

/**
 * How long a request for a mailed link takes to answer at the least. Its work
 * differs between an address with an account (a transaction writing the link
 * and its mail to the outbox) and one without (a lookup alone), a few
 * milliseconds that a client could time to learn which addresses have
 * accounts. Both answers go out no sooner than this, far above that work
 * on a loaded server (bench/README.md, "Link requests").
 */
export const LINK_REQUEST_FLOOR_MS = 250;

/**
 * Runs `work` and answers no sooner than `floorMs` after it began. A refusal
 * thrown by the work (too many requests) is answered at once: it is decided
 * before the address is looked up, so it says nothing about it.
 */
export async function answerNoSoonerThan<T>(floorMs: number, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  const left = floorMs - (performance.now() - started);
  if (left > 0) await wait(left);
  return result;
}
