import { Alert, Anchor, Button, Stack, Title } from '@mantine/core';
import { IconCircleCheck, IconMailCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { FormattedMessage } from 'react-intl';
import { Link } from 'react-router';
import { api, call } from '../api/client';
import { mapApiError } from '../api/problem';
import { useLinkToken } from '../auth/linkToken';
import { useSession } from '../auth/useSession';
import { FormError } from '../components/FormError';

/** The page of the link in the welcome mail: one button confirms the address (a mail scanner opening the link confirms nothing). */
export default function VerifyEmail() {
  const token = useLinkToken();
  const session = useSession();
  const verify = useMutation({ mutationFn: (value: string) => call(api.POST('/v1/auth/verify-email', { body: { token: value } })) });
  const next = session ? '/find' : '/sign-in?next=%2Ffind';

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
        <>
          <FormError id={token ? (verify.isError ? mapApiError(verify.error).form : null) : 'account.error.link'} />
          <Button
            onClick={() => token && verify.mutate(token)}
            disabled={!token}
            loading={verify.isPending}
            leftSection={<IconMailCheck aria-hidden />}
            fullWidth
          >
            <FormattedMessage id="account.verify.submit" />
          </Button>
        </>
      )}
      {!session && (
        <Anchor component={Link} to="/sign-in" ta="center" py="sm">
          <FormattedMessage id="account.backToSignIn" />
        </Anchor>
      )}
    </Stack>
  );
}
