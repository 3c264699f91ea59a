import { type AcademyScope, ALL_ACADEMIES, academyScope, type Role } from '@app/persistence';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';

/** The authenticated caller, reloaded from the database on every request. */
export interface Actor {
  readonly id: string;
  readonly role: Role;
  readonly academyId: string | null;
  /** Times in responses are shown in this zone. */
  readonly timeZone: string;
  readonly displayName: string;
  /** The sign-in (device) the access token belongs to; signing out here ends it. */
  readonly signInId?: string;
  /** Newcomers book only with a verified address. */
  readonly emailVerified?: boolean;
}

/** A newcomer books (or is matched with `book: true`) only once their address is verified. */
export function assertMayBook(actor: Actor): void {
  if (actor.role === 'newcomer' && actor.emailVerified === false) {
    throw new ApiException(
      ErrorCode.EmailNotVerified,
      'Confirm your email address with the link we sent you before booking; POST /v1/auth/verify-email/resend sends it again',
    );
  }
}

/** Admins see every academy; everyone else sees their own, and only that. */
export function scopeOf(actor: Actor): AcademyScope {
  if (actor.role === 'admin') return ALL_ACADEMIES;
  return academyScope(actor.academyId!);
}

/** A filter naming an academy other than the caller's own is refused outright, not answered with an empty list. */
export function assertOwnAcademy(actor: Actor, academyId: string | undefined): void {
  if (academyId && actor.role !== 'admin' && academyId !== actor.academyId) {
    throw new ApiException(ErrorCode.AcademyForbidden, 'You can see only your own academy', [
      { field: 'academyId', message: 'must be your own academy' },
    ]);
  }
}

declare module 'express' {
  interface Request {
    actor?: Actor;
  }
}
