import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { signOutHere } from '../api/client';

/**
 * Ends the sign-in once the signed-in page has been left: ending it on that
 * page would first send the reader to the sign-in form. Then home, with the
 * notice the caller passed (after an erasure, a goodbye).
 */
export function SignOut() {
  const navigate = useNavigate();
  const location = useLocation();
  const queries = useQueryClient();
  useEffect(() => {
    void signOutHere();
    queries.clear();
    void navigate('/', { replace: true, state: location.state });
  }, [navigate, location.state, queries]);
  return null;
}
