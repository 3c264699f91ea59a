import { Alert, Anchor, Button, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck, IconMailCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { Link } from 'react-router';
import { api, call } from '../api/client';
import { checkNewPassword } from '../auth/forms';
import { useLinkToken } from '../auth/linkToken';
import { useFormErrors } from '../auth/useFormErrors';
import { useSession } from '../auth/useSession';
import { NewPasswordField } from '../components/AccountFields';
import { FormError } from '../components/FormError';

/**
 * The page of the link in the welcome mail: the person chooses their password
 * and confirms the address with one button (a mail scanner opening the link
 * confirms nothing). The password is asked here because confirming the
 * address ends any password set before it: whoever registered the address
 * may not have been its owner.
 */
export default function VerifyEmail() {
  const token = useLinkToken();
  const session = useSession();
  const [password, setPassword] = useState('');
  const { errors, check, showApiError, fieldError } = useFormErrors(token ? null : 'account.error.link');
  const verify = useMutation({
    mutationFn: (value: string) => call(api.POST('/v1/auth/verify-email', { body: { token: value, password } })),
    onError: showApiError,
  });
  const next = session ? '/find' : '/sign-in?next=%2Ffind';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (check({ password: checkNewPassword(password) }, token ? null : 'account.error.link') && token) verify.mutate(token);
  };

  return (
    <Stack gap="md">
      <Title order={1} fz={26}>
        <FormattedMessage id="account.verify.title" />
      </Title>
      {verify.isSuccess ? (
        <>
          <Alert color="green" icon={<IconCircleCheck aria-hidden />} role="status">
            <FormattedMessage id="account.verify.done" />
          </Alert>
          <Button component={Link} to={next} fullWidth>
            <FormattedMessage id={session ? 'nav.find' : 'signIn.submit'} />
          </Button>
        </>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Text>
              <FormattedMessage id="account.verify.lead" />
            </Text>
            <NewPasswordField label="field.password" value={password} onChange={setPassword} error={fieldError('password')} />
            <FormError id={errors.form} />
            <Button type="submit" disabled={!token} loading={verify.isPending} leftSection={<IconMailCheck aria-hidden />} fullWidth>
              <FormattedMessage id="account.verify.submit" />
            </Button>
          </Stack>
        </form>
      )}
      {!session && (
        <Anchor component={Link} to="/sign-in" ta="center" py="sm">
          <FormattedMessage id="account.backToSignIn" />
        </Anchor>
      )}
    </Stack>
  );
}
