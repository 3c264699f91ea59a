import { Alert, Button, Stack } from '@mantine/core';
import { IconRefresh, IconWifiOff } from '@tabler/icons-react';
import { FormattedMessage } from 'react-intl';
import { mapApiError } from '../api/problem';

/** A failed load never leaves a blank page: it says what happened and offers to try again. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { form } = mapApiError(error);
  return (
    <Alert color="red" icon={<IconWifiOff aria-hidden />} role="alert">
      <Stack gap="sm" align="flex-start">
        <FormattedMessage id={form ?? 'error.generic'} />
        <Button leftSection={<IconRefresh size={20} aria-hidden />} onClick={onRetry} variant="white" color="red">
          <FormattedMessage id="error.retry" />
        </Button>
      </Stack>
    </Alert>
  );
}
