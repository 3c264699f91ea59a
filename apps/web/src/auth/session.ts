import { ApiError } from '../api/problem';
import type { components } from '../api/schema';

export type User = components['schemas']['UserResponse'];

export interface StoredSession {
  accessToken: string;
  /** Epoch milliseconds after which the access token is no longer sent. */
  expiresAt: number;
  /** Single-use: each refresh spends it and gives the next one. */
  refreshToken?: string;
  user: User;
}

/** What sign-in, a sign-in link, an accepted invitation and a refresh answer. */
export interface SignedIn {
  accessToken: string;
  expiresIn: number;
  refreshToken?: string;
  user: User;
}

/** Exchanges a refresh token for a new pair; rejects with an ApiError when the API refuses it. */
export type Refresher = (refreshToken: string) => Promise<SignedIn>;

/**
 * The one place that keeps the sign-in: the short-lived access token and the
 * refresh token that renews it. A refresh token works once, so only one
 * refresh runs at a time (in this tab, and across tabs where the browser has
 * Web Locks); every request waiting meanwhile gets the token it brings.
 */
const KEY = 'cac.session';
/** Renew this long before the access token expires, so a request never leaves with a dying token. */
const MARGIN_MS = 30_000;
type Listener = (session: StoredSession | null) => void;
const listeners = new Set<Listener>();
let refreshing: Promise<string | null> | null = null;

/** The sign-in, while it can still be used: an access token that has not expired, or a refresh token. */
export function readSession(now: number = Date.now()): StoredSession | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as StoredSession;
    return session.refreshToken || session.expiresAt > now ? session : null;
  } catch {
    return null;
  }
}

export function saveSession(login: SignedIn, now: number = Date.now()): StoredSession {
  const session: StoredSession = {
    accessToken: login.accessToken,
    expiresAt: now + login.expiresIn * 1000,
    refreshToken: login.refreshToken,
    user: login.user,
  };
  localStorage.setItem(KEY, JSON.stringify(session));
  listeners.forEach((listener) => listener(session));
  return session;
}

/** The account as the API answers it after a change (the zone, the language): the sign-in stays as it is. */
export function updateSessionUser(user: User): void {
  const session = readSession();
  if (!session) return;
  const next = { ...session, user };
  localStorage.setItem(KEY, JSON.stringify(next));
  listeners.forEach((listener) => listener(next));
}

export function clearSession(): void {
  localStorage.removeItem(KEY);
  listeners.forEach((listener) => listener(null));
}

/**
 * Signs out this device: the sign-in ends here at once, then the API is told
 * with the last access token, so that the token and its refresh token stop
 * working there too. An API out of reach does not keep anyone signed in.
 */
export async function endSession(refresh: Refresher, tellApi: (accessToken: string) => Promise<unknown>): Promise<void> {
  const token = await freshAccessToken(refresh).catch(() => readSession()?.accessToken ?? null);
  clearSession();
  if (token) await tellApi(token).catch(() => undefined);
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * An access token good for the next request, refreshed first if it is about
 * to expire; null when there is no sign-in (or the API ended it). A lost
 * connection rejects and keeps the sign-in for the next try.
 */
export function freshAccessToken(refresh: Refresher, now: () => number = Date.now): Promise<string | null> {
  const session = readSession(now());
  if (!session) return Promise.resolve(null);
  if (session.expiresAt - MARGIN_MS > now()) return Promise.resolve(session.accessToken);
  if (!session.refreshToken) return Promise.resolve(null);
  refreshing ??= exclusively(() => renew(refresh, now)).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function renew(refresh: Refresher, now: () => number): Promise<string | null> {
  // Another tab may have renewed while this one waited for the lock: its token is then the one to use.
  const session = readSession(now());
  if (!session?.refreshToken) return null;
  if (session.expiresAt - MARGIN_MS > now()) return session.accessToken;
  try {
    return saveSession(await refresh(session.refreshToken), now()).accessToken;
  } catch (error) {
    // A spent or unknown refresh token (401) or a disabled account (403): the sign-in is over.
    if (error instanceof ApiError && (error.problem.status === 401 || error.problem.status === 403)) {
      clearSession();
      return null;
    }
    throw error;
  }
}

function exclusively<T>(work: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? locks.request('cac.session.refresh', work) : work();
}
