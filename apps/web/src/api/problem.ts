/** RFC 9457 problem+json, as the API answers every error. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: Array<{ field: string; message: string }>;
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
  | 'error.credentials'
  | 'error.emailTaken'
  | 'error.rateLimited'
  | 'error.slotTaken'
  | 'error.notFound'
  | 'account.error.link'
  | 'account.error.wrongPassword'
  | 'account.error.notVerified'
  | 'account.error.disabled'
  | 'account.error.invitationUsed'
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
    case 'slot_unavailable':
    case 'too_short_notice':
    case 'outside_availability':
    case 'beyond_horizon':
    case 'daily_limit_reached':
    case 'weekly_limit_reached':
    case 'coach_unavailable':
      return { form: 'error.slotTaken', fields: {} };
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
