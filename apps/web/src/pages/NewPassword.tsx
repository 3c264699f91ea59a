import { Alert, Anchor, Button, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck, IconKey } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { Link, useNavigate } from 'react-router';
import { isAppLocale } from '@app/i18n/locales';
import { api, call } from '../api/client';
import { checkNewPassword } from '../auth/forms';
import { useLinkToken } from '../auth/linkToken';
import { saveSession } from '../auth/session';
import { useFormErrors } from '../auth/useFormErrors';
import { NewPasswordField } from '../components/AccountFields';
import { FormError } from '../components/FormError';
import { useLocale } from '../i18n/I18nProvider';

/**
 * The pages of two mail links that end with a password of one's own: a reset
 * (then every sign-in ends, and the person signs in again) and an invitation
 * for staff (then they are signed in).
 */
export default function NewPassword({ kind }: { kind: 'reset' | 'invitation' }) {
  const navigate = useNavigate();
  const { setLocale } = useLocale();
  const token = useLinkToken();
  const [password, setPassword] = useState('');
  const { errors, check, showApiError, fieldError } = useFormErrors(token ? null : 'account.error.link');

  const save = useMutation({
    mutationFn: async (value: string) => {
      const body = { token: value, password };
      if (kind === 'reset') return void (await call(api.POST('/v1/auth/password-reset/confirm', { body })));
      const login = await call(api.POST('/v1/auth/invitations/accept', { body }));
      saveSession(login);
      if (isAppLocale(login.user.locale)) setLocale(login.user.locale);
      void navigate('/sessions', { replace: true });
    },
    onError: showApiError,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (check({ password: checkNewPassword(password) }, token ? null : 'account.error.link') && token) save.mutate(token);
  };

  if (save.isSuccess && kind === 'reset') {
    return (
      <Stack gap="md">
        <Title order={1} fz={26}>
          <FormattedMessage id="account.reset.title" />
        </Title>
        <Alert color="green" icon={<IconCircleCheck aria-hidden />} role="status">
          <FormattedMessage id="account.reset.done" />
        </Alert>
        <Button component={Link} to="/sign-in" fullWidth>
          <FormattedMessage id="signIn.submit" />
        </Button>
      </Stack>
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Title order={1} fz={26}>
          <FormattedMessage id={kind === 'reset' ? 'account.reset.title' : 'account.invitation.title'} />
        </Title>
        {kind === 'invitation' && (
          <Text>
            <FormattedMessage id="account.invitation.lead" />
          </Text>
        )}
        <NewPasswordField label="account.field.newPassword" value={password} onChange={setPassword} error={fieldError('password')} />
        <FormError id={errors.form} />
        <Button type="submit" loading={save.isPending} leftSection={<IconKey aria-hidden />} fullWidth>
          <FormattedMessage id={kind === 'reset' ? 'account.reset.submit' : 'account.invitation.submit'} />
        </Button>
        {kind === 'reset' && (
          <Anchor component={Link} to="/forgot-password" ta="center" py="sm">
            <FormattedMessage id="account.askAgain" />
          </Anchor>
        )}
      </Stack>
    </form>
  );
}
