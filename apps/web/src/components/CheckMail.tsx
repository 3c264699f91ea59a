import { Alert, Text } from '@mantine/core';
import { IconMailForward } from '@tabler/icons-react';
import { FormattedMessage } from 'react-intl';

/** After a link was asked for: what to do next, read out as soon as it appears. */
export function CheckMail({ id }: { id: 'account.sent' | 'account.registered' }) {
  return (
    <Alert color="green" icon={<IconMailForward aria-hidden />} role="status" title={<FormattedMessage id="account.checkMail" />}>
      <Text>
        <FormattedMessage id={id} />
      </Text>
    </Alert>
  );
}
