import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/problem';
import { clearSession, endSession, freshAccessToken, readSession, type Refresher, saveSession, type SignedIn, type User } from './session';

const user = { id: 'u1', role: 'newcomer', displayName: 'Amina', locale: 'ur' } as unknown as User;
const NOW = Date.now();
const signedIn = (n: number): SignedIn => ({ accessToken: `access-${n}`, expiresIn: 900, refreshToken: `refresh-${n}`, user });

/** A refresh endpoint that spends each refresh token once, as the API does, and answers after a tick. */
function api() {
  const spent = new Set<string>();
  let issued = 1;
  const calls: string[] = [];
  const refresh: Refresher = async (token) => {
    calls.push(token);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (spent.has(token) || token !== `refresh-${issued}`) throw new ApiError({ status: 401, code: 'invalid_refresh_token' });
    spent.add(token);
    return signedIn(++issued);
  };
  return { refresh, calls };
}

describe('the sign-in keeps itself fresh', () => {
  beforeEach(() => saveSession(signedIn(1), NOW));
  afterEach(() => clearSession());

  it('uses the access token as it is while it has time left', async () => {
    const { refresh, calls } = api();
    expect(await freshAccessToken(refresh, () => NOW + 60_000)).toBe('access-1');
    expect(calls).toEqual([]);
  });

  it('refreshes once for many parallel requests after the 15 minutes, and all of them get the new token', async () => {
    const { refresh, calls } = api();
    const later = () => NOW + 16 * 60_000;
    const tokens = await Promise.all(Array.from({ length: 6 }, () => freshAccessToken(refresh, later)));
    expect(tokens).toEqual(Array(6).fill('access-2'));
    expect(calls).toEqual(['refresh-1']);
    expect(readSession(later())?.refreshToken).toBe('refresh-2');
    // The next expiry spends the new refresh token, once again.
    const muchLater = () => NOW + 32 * 60_000;
    expect(await Promise.all([freshAccessToken(refresh, muchLater), freshAccessToken(refresh, muchLater)])).toEqual([
      'access-3',
      'access-3',
    ]);
    expect(calls).toEqual(['refresh-1', 'refresh-2']);
  });

  it('refreshes a little before the expiry, not after a request has failed', async () => {
    const { refresh, calls } = api();
    expect(await freshAccessToken(refresh, () => NOW + 900_000 - 10_000)).toBe('access-2');
    expect(calls).toEqual(['refresh-1']);
  });

  it('ends the sign-in when the API refuses the refresh token', async () => {
    const refused: Refresher = async () => {
      throw new ApiError({ status: 401, code: 'invalid_refresh_token' });
    };
    expect(await freshAccessToken(refused, () => NOW + 16 * 60_000)).toBeNull();
    expect(readSession(NOW)).toBeNull();
  });

  it('keeps the sign-in when the phone is offline, for the next try', async () => {
    const offline: Refresher = async () => {
      throw new ApiError({ status: 0, code: 'offline' });
    };
    await expect(freshAccessToken(offline, () => NOW + 16 * 60_000)).rejects.toBeInstanceOf(ApiError);
    expect(readSession(NOW + 16 * 60_000)?.refreshToken).toBe('refresh-1');
  });

  it('signing out ends the sign-in here first, then tells the API with the last token, even when the API cannot be reached', async () => {
    const { refresh } = api();
    const told: Array<[string, boolean]> = [];
    await endSession(refresh, async (token) => {
      told.push([token, readSession() !== null]);
      throw new ApiError({ status: 0, code: 'offline' });
    });
    expect(told).toEqual([['access-1', false]]);
    expect(readSession()).toBeNull();
  });
});
