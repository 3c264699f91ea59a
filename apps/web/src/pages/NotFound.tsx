import { Anchor, Stack, Text } from '@mantine/core';
import { FormattedMessage } from 'react-intl';
import { Link } from 'react-router';

export default function NotFound() {
  return (
    <Stack gap="md" mt="md">
      <Text fz="lg">
        <FormattedMessage id="error.notFound" />
      </Text>
      <Anchor component={Link} to="/" py="sm">
        <FormattedMessage id="app.name" />
      </Anchor>
    </Stack>
  );
}
