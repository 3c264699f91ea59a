import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ar from '../../../../libs/i18n/src/messages/ar.json';
import en from '../../../../libs/i18n/src/messages/en.json';
import it_ from '../../../../libs/i18n/src/messages/it.json';
import { renderIn } from '../test/render';
import AskLink from './AskLink';
import MyAccount from './MyAccount';
import NewPassword from './NewPassword';
import Register from './Register';

/** Pure unit tests of the account forms: fetch answers per path as the API would, with problem+json for refusals. */
function api(answers: Record<string, [number, unknown]>) {
  return vi.fn(async (request: Request) => {
    const path = new URL(request.url).pathname;
    const [status, body] = answers[path] ?? [404, { status: 404, code: 'not_found' }];
    if (status === 202 || status === 204) return new Response(status === 204 ? null : JSON.stringify(body), { status });
    return new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': status < 300 ? 'application/json' : 'application/problem+json' },
    });
  });
}
const sentBody = async (fetch: ReturnType<typeof api>, path: string) =>
  (fetch.mock.calls.map(([r]) => r as Request).find((r) => r.url.endsWith(path)) as Request).json();
const input = (label: string) => screen.getByLabelText(label, { exact: false, selector: 'input' });
const errorOf = (field: HTMLElement) =>
  document.getElementById(
    field
      .getAttribute('aria-describedby')!
      .split(' ')
      .find((id) => id.endsWith('-error'))!,
  )?.textContent;

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
  window.history.replaceState(null, '', '/');
});

describe('changing the password in My account', () => {
  it('says a wrong current password next to that field, in Arabic', async () => {
    const fetch = api({
      '/v1/me/calendar-feed': [200, { url: 'https://x/v1/calendar-feeds/a.ics', webcalUrl: 'webcal://x/v1/calendar-feeds/a.ics' }],
      '/v1/me/password': [422, { status: 422, code: 'wrong_password', title: 'The current password is wrong' }],
    });
    vi.stubGlobal('fetch', fetch);
    renderIn('ar', <MyAccount />, '/account');
    fireEvent.change(await screen.findByLabelText(ar['account.field.currentPassword'], { exact: false, selector: 'input' }), {
      target: { value: 'not my password' },
    });
    fireEvent.change(input(ar['account.field.newPassword']), { target: { value: 'a long new password' } });
    fireEvent.click(screen.getByRole('button', { name: ar['account.password.submit'] }));
    await waitFor(() => expect(errorOf(input(ar['account.field.currentPassword']))).toBe(ar['account.error.wrongPassword']));
    expect(await sentBody(fetch, '/v1/me/password')).toEqual({ currentPassword: 'not my password', newPassword: 'a long new password' });
  });

  it('checks a short new password before sending', async () => {
    const fetch = api({ '/v1/me/calendar-feed': [200, { url: 'https://x/a.ics', webcalUrl: 'webcal://x/a.ics' }] });
    vi.stubGlobal('fetch', fetch);
    renderIn('en', <MyAccount />, '/account');
    fireEvent.change(await screen.findByLabelText(en['account.field.currentPassword'], { exact: false, selector: 'input' }), {
      target: { value: 'current one' },
    });
    fireEvent.change(input(en['account.field.newPassword']), { target: { value: 'short' } });
    fireEvent.click(screen.getByRole('button', { name: en['account.password.submit'] }));
    expect(errorOf(input(en['account.field.newPassword']))).toBe(en['error.password']);
    expect(fetch.mock.calls.map(([r]) => new URL((r as Request).url).pathname)).not.toContain('/v1/me/password');
  });
});

describe('the pages of the mail links', () => {
  it('the reset page takes the token from the fragment, wipes it from the address, and says plainly when the link is spent', async () => {
    window.history.replaceState(null, '', '/reset-password#token=abcdefghijklmnopqrstuvwxyz012345');
    const fetch = api({
      '/v1/auth/password-reset/confirm': [400, { status: 400, code: 'invalid_link_token', title: 'The link is not valid any more' }],
    });
    vi.stubGlobal('fetch', fetch);
    renderIn('it', <NewPassword kind="reset" />, '/reset-password');
    expect(window.location.hash).toBe('');
    fireEvent.change(input(it_['account.field.newPassword']), { target: { value: 'a long new password' } });
    fireEvent.click(screen.getByRole('button', { name: it_['account.reset.submit'] }));
    expect((await screen.findByRole('alert')).textContent).toBe(it_['account.error.link']);
    expect(await sentBody(fetch, '/v1/auth/password-reset/confirm')).toEqual({
      token: 'abcdefghijklmnopqrstuvwxyz012345',
      password: 'a long new password',
    });
  });

  it('without a token, the page says the link does not work and sends nothing', async () => {
    const fetch = api({});
    vi.stubGlobal('fetch', fetch);
    renderIn('en', <NewPassword kind="invitation" />, '/accept-invitation');
    fireEvent.change(input(en['account.field.newPassword']), { target: { value: 'a long new password' } });
    fireEvent.click(screen.getByRole('button', { name: en['account.invitation.submit'] }));
    expect((await screen.findByRole('alert')).textContent).toBe(en['account.error.link']);
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('asking for a link, and registering', () => {
  it('asking for a reset link gives the same answer for any address, and a rate limit is said above the button', async () => {
    vi.stubGlobal('fetch', api({ '/v1/auth/password-reset': [202, { status: 'reset_link_sent' }] }));
    renderIn('en', <AskLink kind="reset" />, '/forgot-password');
    fireEvent.change(input(en['field.email']), { target: { value: 'amina@example.org' } });
    fireEvent.click(screen.getByRole('button', { name: en['account.sendLink'] }));
    expect((await screen.findByRole('status')).textContent).toContain(en['account.sent']);

    vi.stubGlobal('fetch', api({ '/v1/auth/sign-in-link': [429, { status: 429, code: 'rate_limited', title: 'Too many requests' }] }));
    renderIn('en', <AskLink kind="signIn" />, '/email-sign-in');
    fireEvent.change(screen.getAllByLabelText(en['field.email'], { exact: false, selector: 'input' }).at(-1)!, {
      target: { value: 'amina@example.org' },
    });
    fireEvent.click(screen.getByRole('button', { name: en['account.sendLink'] }));
    expect((await screen.findByRole('alert')).textContent).toBe(en['error.rateLimited']);
  });

  it('after registering, the page asks to look in the mail, and nobody is signed in', async () => {
    const academies = [
      { id: '7b0d1b8e-0000-4000-8000-000000000001', slug: 'siena', name: 'Siena', timeZone: 'Europe/Rome', defaultLocale: 'it' },
    ];
    vi.stubGlobal('fetch', api({ '/v1/academies': [200, academies], '/v1/auth/register': [202, { status: 'verification_sent' }] }));
    renderIn('it', <Register />, '/register');
    fireEvent.click(await screen.findByRole('radio', { name: 'Siena' }));
    fireEvent.change(input(it_['field.name']), { target: { value: 'Amina' } });
    fireEvent.change(input(it_['field.email']), { target: { value: 'amina@example.org' } });
    fireEvent.change(input(it_['field.password']), { target: { value: 'correct horse battery' } });
    fireEvent.click(screen.getByRole('button', { name: it_['register.submit'] }));
    expect((await screen.findByRole('status')).textContent).toContain(it_['account.registered']);
    expect(localStorage.getItem('cac.session')).toBeNull();
  });
});
