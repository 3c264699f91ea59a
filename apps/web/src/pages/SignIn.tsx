import { Anchor, Button, PasswordInput, Stack, Title } from '@mantine/core';
import { IconLogin } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { isAppLocale } from '@app/i18n/locales';
import { api, call } from '../api/client';
import { checkEmail, checkRequired } from '../auth/forms';
import { saveSession } from '../auth/session';
import { useFormErrors } from '../auth/useFormErrors';
import { EmailField } from '../components/AccountFields';
import { FormError } from '../components/FormError';
import { homeOf } from '../components/Layout';
import { useLocale } from '../i18n/I18nProvider';

/**
 * Only paths of this app, so that a link cannot send someone elsewhere after
 * signing in. The browser's own URL parser decides, as it will when the
 * page navigates: `/\evil.example` and `/<tab>/evil.example` read as another
 * host there, so a backslash or a control character anywhere refuses the
 * value outright, and what remains must resolve to this origin.
 */
export function safeNext(next: string | null, fallback: string, origin: string = window.location.origin): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (!next || !next.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(next)) return fallback;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

export default function SignIn() {
  const intl = useIntl();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { setLocale } = useLocale();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { errors, check, showApiError, fieldError } = useFormErrors();

  const signIn = useMutation({
    mutationFn: () => call(api.POST('/v1/auth/login', { body: { email: email.trim(), password } })),
    onSuccess: (login) => {
      saveSession(login);
      if (isAppLocale(login.user.locale)) setLocale(login.user.locale);
      void navigate(safeNext(params.get('next'), homeOf(login.user.role)), { replace: true });
    },
    onError: showApiError,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (check({ email: checkEmail(email), password: checkRequired(password) })) signIn.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Title order={1} fz={26}>
          <FormattedMessage id="signIn.title" />
        </Title>
        <EmailField value={email} onChange={setEmail} error={fieldError('email')} />
        <PasswordInput
          label={intl.formatMessage({ id: 'field.password' })}
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={fieldError('password')}
          required
        />
        <FormError id={errors.form} />
        <Button type="submit" loading={signIn.isPending} leftSection={<IconLogin aria-hidden />} fullWidth>
          <FormattedMessage id="signIn.submit" />
        </Button>
        <Anchor component={Link} to="/forgot-password" ta="center" py="sm">
          <FormattedMessage id="account.forgot.link" />
        </Anchor>
        <Anchor component={Link} to="/email-sign-in" ta="center" py="sm">
          <FormattedMessage id="account.emailLink.link" />
        </Anchor>
        <Anchor component={Link} to="/register" ta="center" py="sm">
          <FormattedMessage id="signIn.noAccount" />
        </Anchor>
      </Stack>
    </form>
  );
}
