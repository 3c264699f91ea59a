import { useState } from 'react';

/**
 * The token of a mail link, taken from the URL fragment (which never reaches
 * a server or its logs) and then wiped from the address bar and history, so
 * that it is not left on a shared phone.
 */
export function takeLinkToken(location: Pick<Location, 'hash' | 'pathname' | 'search'> = window.location): string | null {
  const token = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  if (location.hash) window.history.replaceState(window.history.state, '', location.pathname + location.search);
  return token && /^[A-Za-z0-9_-]{16,200}$/.test(token) ? token : null;
}

export function useLinkToken(): string | null {
  const [token] = useState(() => takeLinkToken());
  return token;
}
