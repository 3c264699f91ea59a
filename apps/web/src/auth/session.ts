import type { components } from '../api/schema';

export type User = components['schemas']['UserResponse'];

export interface StoredSession {
  accessToken: string;
  /** Epoch milliseconds after which the token is no longer sent. */
  expiresAt: number;
  user: User;
}

/**
 * The one place that keeps the sign-in. Today it is the access token from
 * POST /v1/auth/login, kept until it expires; refresh tokens can be added here
 * without the pages knowing.
 */
const KEY = 'cac.session';
type Listener = (session: StoredSession | null) => void;
const listeners = new Set<Listener>();

export function readSession(now: number = Date.now()): StoredSession | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as StoredSession;
    return session.expiresAt > now ? session : null;
  } catch {
    return null;
  }
}

export function saveSession(login: { accessToken: string; expiresIn: number; user: User }, now: number = Date.now()): StoredSession {
  const session = { accessToken: login.accessToken, expiresAt: now + login.expiresIn * 1000, user: login.user };
  localStorage.setItem(KEY, JSON.stringify(session));
  listeners.forEach((listener) => listener(session));
  return session;
}

export function clearSession(): void {
  localStorage.removeItem(KEY);
  listeners.forEach((listener) => listener(null));
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
