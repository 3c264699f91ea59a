import { Alert, Button, Stack } from '@mantine/core';
import { IconRefresh, IconWifiOff } from '@tabler/icons-react';
import { FormattedMessage } from 'react-intl';
import { mapApiError } from '../api/problem';

/**
 * A failed load never leaves a blank page: it says what happened and offers to try again.
 * onRetry is a refetch (or a mutation started again): its outcome comes back through the query's
 * own state, which re-renders this page, so the promise it may return is not waited for here.
 */
export function QueryError({ error, onRetry }: { error: unknown; onRetry: () => unknown }) {
  const { form } = mapApiError(error);
  const retry = () => void onRetry();
  return (
    <Alert color="red" icon={<IconWifiOff aria-hidden />} role="alert">
      <Stack gap="sm" align="flex-start">
        <FormattedMessage id={form ?? 'error.generic'} />
        <Button leftSection={<IconRefresh size={20} aria-hidden />} onClick={retry} variant="white" color="red">
          <FormattedMessage id="error.retry" />
        </Button>
      </Stack>
    </Alert>
  );
}
