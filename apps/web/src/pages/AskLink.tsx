import { Anchor, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconMailForward } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { api, call } from '../api/client';
import { type MappedErrors, mapApiError, type MessageId } from '../api/problem';
import { checkEmail, collectErrors } from '../auth/forms';
import { CheckMail } from '../components/CheckMail';
import { FormError } from '../components/FormError';

const KINDS = {
  reset: { title: 'account.forgot.title', lead: 'account.forgot.lead', path: '/v1/auth/password-reset' },
  signIn: { title: 'account.emailLink.title', lead: 'account.emailLink.lead', path: '/v1/auth/sign-in-link' },
} as const;

/** One address, one button: a mail with a link to choose a new password, or to sign in. The answer is the same whether the address has an account or not. */
export default function AskLink({ kind }: { kind: keyof typeof KINDS }) {
  const intl = useIntl();
  const words = KINDS[kind];
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<MappedErrors>({ form: null, fields: {} });
  const ask = useMutation({
    mutationFn: () => call(api.POST(words.path, { body: { email: email.trim() } })),
    onError: (error) => setErrors(mapApiError(error)),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const fields = collectErrors({ email: checkEmail(email) });
    setErrors({ form: null, fields });
    if (Object.keys(fields).length === 0) ask.mutate();
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
            <TextInput
              label={intl.formatMessage({ id: 'field.email' })}
              type="email"
              inputMode="email"
              autoComplete="email"
              dir="ltr"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={errors.fields.email ? intl.formatMessage({ id: errors.fields.email as MessageId }) : undefined}
              required
            />
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
