import { useEffect, useState } from 'react';
import { onSessionChange, readSession, type StoredSession } from './session';

export function useSession(): StoredSession | null {
  const [session, setSession] = useState(() => readSession());
  useEffect(() => onSessionChange(setSession), []);
  return session;
}
