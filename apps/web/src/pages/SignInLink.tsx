import { Anchor, Button, Stack, Title } from '@mantine/core';
import { IconLogin } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { FormattedMessage } from 'react-intl';
import { Link, useNavigate } from 'react-router';
import { isAppLocale } from '@app/i18n/locales';
import { api, call } from '../api/client';
import { mapApiError } from '../api/problem';
import { useLinkToken } from '../auth/linkToken';
import { saveSession } from '../auth/session';
import { FormError } from '../components/FormError';
import { useLocale } from '../i18n/I18nProvider';

/** The page of the sign-in link: one button spends the link and signs in. */
export default function SignInLink() {
  const token = useLinkToken();
  const navigate = useNavigate();
  const { setLocale } = useLocale();
  const consume = useMutation({
    mutationFn: (value: string) => call(api.POST('/v1/auth/sign-in-link/consume', { body: { token: value } })),
    onSuccess: (login) => {
      saveSession(login);
      if (isAppLocale(login.user.locale)) setLocale(login.user.locale);
      void navigate(login.user.role === 'newcomer' ? '/find' : '/sessions', { replace: true });
    },
  });

  return (
    <Stack gap="md">
      <Title order={1} fz={26}>
        <FormattedMessage id="account.emailLink.title" />
      </Title>
      <FormError id={token ? (consume.isError ? mapApiError(consume.error).form : null) : 'account.error.link'} />
      <Button
        onClick={() => token && consume.mutate(token)}
        disabled={!token}
        loading={consume.isPending}
        leftSection={<IconLogin aria-hidden />}
        fullWidth
      >
        <FormattedMessage id="signIn.submit" />
      </Button>
      <Anchor component={Link} to="/email-sign-in" ta="center" py="sm">
        <FormattedMessage id="account.askAgain" />
      </Anchor>
    </Stack>
  );
}
