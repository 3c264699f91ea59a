import { type AcademyScope } from './academy-scope';

/**
 * Which sessions a caller may see, applied in the SQL: a newcomer their own,
 * a coach their own, a coordinator their academy's, an admin all.
 */
export type SessionScope =
  AcademyScope | { readonly kind: 'newcomer'; readonly userId: string } | { readonly kind: 'coach'; readonly userId: string };
