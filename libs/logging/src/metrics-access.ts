import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether an Authorization header carries the scrape token, as `Bearer <token>`.
 * Compared as digests in constant time, so timing tells nothing of the token.
 */
export function carriesMetricsToken(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer (\S+)$/.exec(authorization ?? '');
  if (!match) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}
