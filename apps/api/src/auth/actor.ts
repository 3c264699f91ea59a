import { AcademyScope, ALL_ACADEMIES, academyScope, Role } from '@app/persistence';

/** The authenticated caller, reloaded from the database on every request. */
export interface Actor {
  readonly id: string;
  readonly role: Role;
  readonly academyId: string | null;
  /** Times in responses are shown in this zone. */
  readonly timeZone: string;
}

/** Admins see every academy; everyone else sees their own, and only that. */
export function scopeOf(actor: Actor): AcademyScope {
  if (actor.role === 'admin') return ALL_ACADEMIES;
  return academyScope(actor.academyId!);
}

declare module 'express' {
  interface Request {
    actor?: Actor;
  }
}
