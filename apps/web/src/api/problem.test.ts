import { describe, expect, it } from 'vitest';
import { ApiError, mapApiError } from './problem';

const problem = (status: number, code: string, errors?: Array<{ field: string; message: string }>) =>
  new ApiError({ status, code, title: 'x', errors });

describe('mapApiError: the API’s problem+json becomes words next to the fields', () => {
  it('puts each invalid field’s message next to that field, in the catalogue’s words', () => {
    const mapped = mapApiError(
      problem(400, 'validation_failed', [
        { field: 'email', message: 'email must be an email' },
        { field: 'password', message: 'password must be longer than or equal to 10 characters' },
        { field: 'languages.0', message: 'each entry must be an ISO 639 code' },
      ]),
    );
    expect(mapped).toEqual({ form: null, fields: { email: 'error.email', password: 'error.password', languages: 'error.invalid' } });
  });

  it('a common password is said next to the password field it came from, registration’s or a change’s', () => {
    expect(mapApiError(problem(400, 'password_too_common', [{ field: 'password', message: 'is one of the most common' }]))).toEqual({
      form: null,
      fields: { password: 'error.passwordCommon' },
    });
    expect(mapApiError(problem(400, 'password_too_common', [{ field: 'newPassword', message: 'is one of the most common' }]))).toEqual({
      form: null,
      fields: { newPassword: 'error.passwordCommon' },
    });
  });

  it('an email that already has an account is said next to the email field', () => {
    expect(mapApiError(problem(409, 'email_taken'))).toEqual({ form: null, fields: { email: 'error.emailTaken' } });
  });

  it('maps sign-in, limit and booking refusals to one sentence for the form', () => {
    expect(mapApiError(problem(401, 'invalid_credentials')).form).toBe('error.credentials');
    expect(mapApiError(problem(429, 'rate_limited')).form).toBe('error.rateLimited');
    expect(mapApiError(problem(409, 'slot_unavailable')).form).toBe('book.refused.taken');
    expect(mapApiError(problem(422, 'too_short_notice')).form).toBe('book.refused.tooSoon');
    expect(mapApiError(problem(422, 'beyond_horizon')).form).toBe('book.refused.tooFar');
    expect(mapApiError(problem(422, 'daily_limit_reached')).form).toBe('book.refused.dayFull');
    expect(mapApiError(problem(422, 'weekly_limit_reached')).form).toBe('book.refused.weekFull');
    expect(mapApiError(problem(409, 'newcomer_busy')).form).toBe('book.refused.busy');
    expect(mapApiError(problem(422, 'topic_not_covered', [{ field: 'topic', message: 'x' }])).form).toBe('book.refused.notOffered');
  });

  it('a lost connection offers a retry; a server fault or anything unknown is a plain apology', () => {
    expect(mapApiError(new ApiError({ status: 0, code: 'offline' })).form).toBe('error.network');
    expect(mapApiError(problem(500, 'internal_error')).form).toBe('error.generic');
    expect(mapApiError(new TypeError('boom')).form).toBe('error.generic');
  });
});

describe('mapApiError: the account refusals', () => {
  it('a used or expired mail link, a disabled account, a used invitation and an unverified address are one sentence for the form', () => {
    expect(mapApiError(problem(400, 'invalid_link_token'))).toEqual({ form: 'account.error.link', fields: {} });
    expect(mapApiError(problem(403, 'account_disabled'))).toEqual({ form: 'account.error.disabled', fields: {} });
    expect(mapApiError(problem(409, 'invitation_not_pending'))).toEqual({ form: 'account.error.invitationUsed', fields: {} });
    expect(mapApiError(problem(403, 'email_not_verified'))).toEqual({ form: 'account.error.notVerified', fields: {} });
    // A mangled token (a mail client cut the link) is the link's fault, said above the button.
    expect(
      mapApiError(
        problem(400, 'validation_failed', [
          { field: 'token', message: 'token must be a link token' },
          { field: 'password', message: 'too short' },
        ]),
      ),
    ).toEqual({
      form: 'account.error.link',
      fields: { password: 'error.password' },
    });
  });

  it('a wrong current password is said next to that field, a short new password next to the new one', () => {
    expect(mapApiError(problem(422, 'wrong_password'))).toEqual({ form: null, fields: { currentPassword: 'account.error.wrongPassword' } });
    expect(mapApiError(problem(400, 'validation_failed', [{ field: 'newPassword', message: 'too short' }]))).toEqual({
      form: null,
      fields: { newPassword: 'error.password' },
    });
  });
});
