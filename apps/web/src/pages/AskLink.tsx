import { Anchor, Button, Stack, Text, Title } from '@mantine/core';
import { IconMailForward } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { Link } from 'react-router';
import { api, call } from '../api/client';
import { checkEmail } from '../auth/forms';
import { useFormErrors } from '../auth/useFormErrors';
import { EmailField } from '../components/AccountFields';
import { CheckMail } from '../components/CheckMail';
import { FormError } from '../components/FormError';

const KINDS = {
  reset: { title: 'account.forgot.title', lead: 'account.forgot.lead', path: '/v1/auth/password-reset' },
  signIn: { title: 'account.emailLink.title', lead: 'account.emailLink.lead', path: '/v1/auth/sign-in-link' },
} as const;

/** One address, one button: a mail with a link to choose a new password, or to sign in. The answer is the same whether the address has an account or not. */
export default function AskLink({ kind }: { kind: keyof typeof KINDS }) {
  const words = KINDS[kind];
  const [email, setEmail] = useState('');
  const { errors, check, showApiError, fieldError } = useFormErrors();
  const ask = useMutation({
    mutationFn: () => call(api.POST(words.path, { body: { email: email.trim() } })),
    onError: showApiError,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (check({ email: checkEmail(email) })) ask.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Title order={1} fz={26}>
          <FormattedMessage id={words.title} />
        </Title>
        {ask.isSuccess ? (
          <CheckMail id="account.sent" />
        ) : (
          <>
            <Text>
              <FormattedMessage id={words.lead} />
            </Text>
            <EmailField value={email} onChange={setEmail} error={fieldError('email')} />
            <FormError id={errors.form} />
            <Button type="submit" loading={ask.isPending} leftSection={<IconMailForward aria-hidden />} fullWidth>
              <FormattedMessage id="account.sendLink" />
            </Button>
          </>
        )}
        <Anchor component={Link} to="/sign-in" ta="center" py="sm">
          <FormattedMessage id="account.backToSignIn" />
        </Anchor>
      </Stack>
    </form>
  );
}
