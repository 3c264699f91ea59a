import { Alert, Button, Stack, Text, Title } from '@mantine/core';
import { IconLogin, IconUserPlus } from '@tabler/icons-react';
import { FormattedMessage } from 'react-intl';
import { Link, Navigate, useLocation } from 'react-router';
import { useSession } from '../auth/useSession';

/** The first page: what this is, and one main action (create an account), with signing in beside it. */
export function Home() {
  const session = useSession();
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  if (session) return <Navigate to={session.user.role === 'newcomer' ? '/find' : '/sessions'} replace />;
  return (
    <Stack gap="lg" mt="md">
      {notice && (
        <Alert color="green" role="status">
          <FormattedMessage id={notice} />
        </Alert>
      )}
      <Title order={1} fz={28}>
        <FormattedMessage id="home.title" />
      </Title>
      <Text fz="lg">
        <FormattedMessage id="home.lead" />
      </Text>
      <Button component={Link} to="/register" leftSection={<IconUserPlus aria-hidden />} fullWidth>
        <FormattedMessage id="home.register" />
      </Button>
      <Button component={Link} to="/sign-in" variant="outline" leftSection={<IconLogin aria-hidden />} fullWidth>
        <FormattedMessage id="home.signIn" />
      </Button>
    </Stack>
  );
}
