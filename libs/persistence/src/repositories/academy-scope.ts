/**
 * Which academies a query may touch. Every repository method that reads people
 * or sessions takes one, so the restriction is part of the SQL, not a filter
 * applied to rows already fetched.
 */
export type AcademyScope = { readonly kind: 'all' } | { readonly kind: 'academy'; readonly academyId: string };

export const ALL_ACADEMIES: AcademyScope = Object.freeze({ kind: 'all' });

export function academyScope(academyId: string): AcademyScope {
  return { kind: 'academy', academyId };
}
