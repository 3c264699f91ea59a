/** RFC 9457 problem+json, as the API answers every error. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: Array<{ field: string; message: string }>;
  /** With `too_early` from the join endpoint: when the room opens. */
  opensAt?: string;
}

/** Thrown by the client for any answer that is not 2xx, and for a lost connection (status 0). */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title ?? `HTTP ${problem.status}`);
  }

  get offline(): boolean {
    return this.problem.status === 0;
  }
}

/** Message ids of the shared catalogues; the page formats them in the reader's language. */
export type MessageId =
  | 'error.network'
  | 'error.generic'
  | 'error.required'
  | 'error.invalid'
  | 'error.email'
  | 'error.password'
  | 'error.passwordCommon'
  | 'error.credentials'
  | 'error.emailTaken'
  | 'error.rateLimited'
  | 'book.refused.taken'
  | 'book.refused.busy'
  | 'book.refused.tooSoon'
  | 'book.refused.tooFar'
  | 'book.refused.dayFull'
  | 'book.refused.weekFull'
  | 'book.refused.notOffered'
  | 'error.notFound'
  | 'account.error.link'
  | 'account.error.wrongPassword'
  | 'account.error.notVerified'
  | 'account.error.disabled'
  | 'account.error.invitationUsed'
  | 'data.deletePassword'
  | 'feedback.noLink';

export interface MappedErrors {
  /** For the form as a whole, shown above its button. */
  form: MessageId | null;
  /** Per field name of the request body, shown next to the field. */
  fields: Record<string, MessageId>;
}

/** The English messages of the API are for developers; the reader gets a sentence of the catalogue for the field. */
function fieldMessage(field: string): MessageId {
  const name = field.split('.')[0].replace(/\[\d+\]$/, '');
  if (name === 'email') return 'error.email';
  if (name === 'password' || name === 'newPassword') return 'error.password';
  return 'error.invalid';
}

/** The messages of a refused time: the offer was stale, so the page shows the times offered now. */
export const isRefusedTime = (id: MessageId | null): boolean => id !== null && id.startsWith('book.refused.');

/** Maps an error of the API (or of the network) to words next to the fields and above the button. */
export function mapApiError(error: unknown): MappedErrors {
  if (!(error instanceof ApiError)) return { form: 'error.generic', fields: {} };
  const { problem } = error;
  if (error.offline) return { form: 'error.network', fields: {} };
  switch (problem.code) {
    case 'invalid_credentials':
      return { form: 'error.credentials', fields: {} };
    case 'email_taken':
      return { form: null, fields: { email: 'error.emailTaken' } };
    case 'rate_limited':
      return { form: 'error.rateLimited', fields: {} };
    // Each refusal of a time says why and what to do next; the app then shows the times offered now.
    case 'slot_unavailable':
      return { form: 'book.refused.taken', fields: {} };
    case 'newcomer_busy':
      return { form: 'book.refused.busy', fields: {} };
    case 'too_short_notice':
      return { form: 'book.refused.tooSoon', fields: {} };
    case 'beyond_horizon':
      return { form: 'book.refused.tooFar', fields: {} };
    case 'daily_limit_reached':
      return { form: 'book.refused.dayFull', fields: {} };
    case 'weekly_limit_reached':
      return { form: 'book.refused.weekFull', fields: {} };
    case 'outside_availability':
    case 'coach_away':
    case 'coach_unavailable':
    case 'topic_not_covered':
    case 'language_not_spoken':
    case 'session_length_not_offered':
      return { form: 'book.refused.notOffered', fields: {} };
    case 'not_found':
      return { form: 'error.notFound', fields: {} };
    case 'invalid_link_token':
      return { form: 'account.error.link', fields: {} };
    case 'wrong_password':
      return { form: null, fields: { currentPassword: 'account.error.wrongPassword' } };
    case 'email_not_verified':
      return { form: 'account.error.notVerified', fields: {} };
    case 'account_disabled':
      return { form: 'account.error.disabled', fields: {} };
    case 'invitation_not_pending':
      return { form: 'account.error.invitationUsed', fields: {} };
    case 'recent_sign_in_required':
      return { form: 'data.deletePassword', fields: {} };
    case 'password_too_common':
      // Next to the password field of the form: `password` or `newPassword`.
      return {
        form: null,
        fields: Object.fromEntries((problem.errors ?? []).map(({ field }) => [field, 'error.passwordCommon' as const])),
      };
  }
  const fields: Record<string, MessageId> = {};
  for (const { field } of problem.errors ?? []) fields[field.split('.')[0]] ??= fieldMessage(field);
  // The token of a mail link is no field the reader can correct: the link itself is broken.
  if (fields.token) {
    delete fields.token;
    return { form: 'account.error.link', fields };
  }
  if (Object.keys(fields).length > 0) return { form: null, fields };
  return { form: 'error.generic', fields };
}
