import { Alert, Button, Stack, Text, Title } from '@mantine/core';
import { IconClockPlus } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { FormattedMessage } from 'react-intl';
import { api, call } from '../api/client';
import { useLinkToken } from '../auth/linkToken';
import { useLocale } from '../i18n/I18nProvider';
import { formatDay } from '../time/format';

/** The page of the expiry notice's link: one button keeps the place on the list for another period. No sign-in needed. */
export default function RenewWaitingList() {
  const token = useLinkToken();
  const { locale } = useLocale();
  const renew = useMutation({
    mutationFn: (value: string) => call(api.POST('/v1/waiting-list/renewals', { body: { token: value } })),
  });
  return (
    <Stack gap="md">
      <Title order={1} fz={26}>
        <FormattedMessage id="waitingList.renew.title" />
      </Title>
      {renew.isSuccess ? (
        <Alert color="green" role="status">
          <Text>
            <FormattedMessage
              id="waitingList.renew.done"
              values={{ date: formatDay(new Date(renew.data.expiresAt), renew.data.timeZone, locale) }}
            />
          </Text>
        </Alert>
      ) : (
        <>
          {(!token || renew.isError) && (
            <Alert color="red" role="alert">
              <FormattedMessage id="waitingList.renew.failed" />
            </Alert>
          )}
          <Button
            onClick={() => token && renew.mutate(token)}
            disabled={!token}
            loading={renew.isPending}
            leftSection={<IconClockPlus aria-hidden />}
            mih={44}
            fullWidth
          >
            <FormattedMessage id="waitingList.renew.title" />
          </Button>
        </>
      )}
    </Stack>
  );
}
