/**
 * Rejects with `fail()` if `work` has not settled within `ms`. BullMQ waits
 * for Redis however long it is away; callers that must not wait use this.
 * A late failure of `work` after the deadline is swallowed: it was reported.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, fail: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(fail()), ms);
  });
  work.catch(() => undefined);
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
