import { useEffect, useState } from 'react';

/** "Now", refreshed every 15 s, so a join link turns on by itself 10 minutes before the start. */
export function useNow(intervalMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** The join link opens 10 minutes before the start and closes at the end. */
export const JOIN_OPENS_MS = 10 * 60_000;
export function canJoin(start: Date, end: Date, now: number): boolean {
  return now >= start.getTime() - JOIN_OPENS_MS && now < end.getTime();
}
