import { Alert } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { FormattedMessage } from 'react-intl';
import type { MessageId } from '../api/problem';

/** An error about the whole form, announced to screen readers, just above its button. */
export function FormError({ id }: { id: MessageId | null }) {
  if (!id) return null;
  return (
    <Alert color="red" icon={<IconAlertTriangle aria-hidden />} role="alert">
      <FormattedMessage id={id} />
    </Alert>
  );
}
