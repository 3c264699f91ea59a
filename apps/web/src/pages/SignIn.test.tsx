import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ar from '../../../../libs/i18n/src/messages/ar.json';
import it_ from '../../../../libs/i18n/src/messages/it.json';
import { renderIn } from '../test/render';
import Register from './Register';
import SignIn, { safeNext } from './SignIn';

/** A pure unit test of the forms: fetch answers as the API would, with problem+json. */
function answer(status: number, body: unknown) {
  return vi.fn(
    async () =>
      new Response(JSON.stringify(body), {
        status,
        headers: { 'content-type': status < 300 ? 'application/json' : 'application/problem+json' },
      }),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe('the sign-in form', () => {
  it('checks the fields before sending, and says what is wrong next to each field, in Arabic', async () => {
    const fetch = answer(200, {});
    vi.stubGlobal('fetch', fetch);
    renderIn('ar', <SignIn />, '/sign-in');
    fireEvent.click(await screen.findByRole('button', { name: ar['signIn.submit'] }));
    const email = screen.getByLabelText(ar['field.email'], { exact: false, selector: 'input' });
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(
      document.getElementById(
        email
          .getAttribute('aria-describedby')!
          .split(' ')
          .find((id) => id.endsWith('-error'))!,
      )?.textContent,
    ).toBe(ar['error.required']);
    fireEvent.change(email, { target: { value: 'not-an-email' } });
    fireEvent.click(screen.getByRole('button', { name: ar['signIn.submit'] }));
    expect(await screen.findByText(ar['error.email'])).toBeTruthy();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('shows the API’s refusal above the button', async () => {
    vi.stubGlobal('fetch', answer(401, { status: 401, code: 'invalid_credentials', title: 'The email or password is wrong' }));
    renderIn('it', <SignIn />, '/sign-in');
    fireEvent.change(await screen.findByLabelText(it_['field.email'], { exact: false, selector: 'input' }), {
      target: { value: 'amina@example.org' },
    });
    fireEvent.change(screen.getByLabelText(it_['field.password'], { exact: false, selector: 'input' }), {
      target: { value: 'secret secret' },
    });
    fireEvent.click(screen.getByRole('button', { name: it_['signIn.submit'] }));
    expect((await screen.findByRole('alert')).textContent).toBe(it_['error.credentials']);
  });

  it('returns only to paths of this app after signing in', () => {
    expect(safeNext('/sessions/1/outcome', '/find')).toBe('/sessions/1/outcome');
    expect(safeNext('//evil.example/x', '/find')).toBe('/find');
    expect(safeNext('https://evil.example', '/find')).toBe('/find');
    expect(safeNext(null, '/find')).toBe('/find');
  });

  it('refuses what a browser reads as another host: a backslash, a tab or another control character, an encoded trick', () => {
    const origin = 'http://coaching.test';
    for (const next of [
      '/\\evil.example',
      '/\\/evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r//evil.example',
      '\t//evil.example',
      '/\u0000/evil.example',
      '/\x7f/evil.example',
      'javascript:alert(1)',
      '/%5Cevil.example',
    ]) {
      const result = safeNext(next, '/find', origin);
      expect(new URL(result, origin).origin).toBe(origin);
      if (next !== '/%5Cevil.example') expect(result).toBe('/find');
    }
    // An ordinary path keeps its query and fragment.
    expect(safeNext('/sessions?tab=past#top', '/find', origin)).toBe('/sessions?tab=past#top');
  });
});

describe('the registration form', () => {
  it('puts the API’s field errors next to their fields, in the reader’s language', async () => {
    const academies = [
      { id: '7b0d1b8e-0000-4000-8000-000000000001', slug: 'siena', name: 'Siena', timeZone: 'Europe/Rome', defaultLocale: 'it' },
    ];
    const fetch = vi.fn(async (request: Request) =>
      request.url.endsWith('/v1/academies')
        ? new Response(JSON.stringify(academies), { status: 200, headers: { 'content-type': 'application/json' } })
        : new Response(JSON.stringify({ status: 409, code: 'email_taken', title: 'An account with this email already exists' }), {
            status: 409,
            headers: { 'content-type': 'application/problem+json' },
          }),
    );
    vi.stubGlobal('fetch', fetch);
    renderIn('it', <Register />, '/register');
    fireEvent.click(await screen.findByRole('radio', { name: 'Siena' }));
    fireEvent.change(screen.getByLabelText(it_['field.name'], { exact: false, selector: 'input' }), { target: { value: 'Amina' } });
    fireEvent.change(screen.getByLabelText(it_['field.email'], { exact: false, selector: 'input' }), {
      target: { value: 'amina@example.org' },
    });
    fireEvent.change(screen.getByLabelText(it_['field.password'], { exact: false, selector: 'input' }), {
      target: { value: 'correct horse battery' },
    });
    fireEvent.click(screen.getByRole('button', { name: it_['register.submit'] }));
    await waitFor(() => expect(screen.getByText(it_['error.emailTaken'])).toBeTruthy());
    const email = screen.getByLabelText(it_['field.email'], { exact: false, selector: 'input' });
    expect(email.getAttribute('aria-invalid')).toBe('true');
    const sent = fetch.mock.calls.map(([request]) => request as Request).find((r) => r.url.endsWith('/v1/auth/register'))!;
    expect(await sent.json()).toMatchObject({
      displayName: 'Amina',
      email: 'amina@example.org',
      locale: 'it',
      languages: ['it'],
      academyId: academies[0].id,
      timeZone: expect.any(String),
    });
  });
});
