import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconMailForward } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { FormattedMessage } from 'react-intl';
import { api, call } from '../api/client';
import { mapApiError } from '../api/problem';
import { FormError } from './FormError';

/** Booking waits for a confirmed email: say so, and offer the link again. */
export function NotVerified() {
  const resend = useMutation({ mutationFn: () => call(api.POST('/v1/auth/verify-email/resend')) });
  return (
    <Alert color="yellow" icon={<IconMailForward aria-hidden />} role="alert">
      <Stack gap="sm">
        <Text>
          <FormattedMessage id="account.error.notVerified" />
        </Text>
        {resend.isSuccess ? (
          <Text role="status" fw={700}>
            <FormattedMessage id="account.verify.resent" />
          </Text>
        ) : (
          <Button
            variant="light"
            onClick={() => resend.mutate()}
            loading={resend.isPending}
            leftSection={<IconMailForward aria-hidden />}
            fullWidth
            h="auto"
            mih={44}
            py={6}
            styles={{ label: { whiteSpace: 'normal', lineHeight: 1.3 } }}
          >
            <FormattedMessage id="account.verify.resend" />
          </Button>
        )}
        <FormError id={resend.isError ? mapApiError(resend.error).form : null} />
      </Stack>
    </Alert>
  );
}
