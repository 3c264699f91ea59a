import { Alert, Anchor, Button, Checkbox, Divider, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconDownload, IconTrash } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useNavigate } from 'react-router';
import { api, call, download } from '../api/client';
import { mapApiError, type MessageId } from '../api/problem';
import { FormError } from '../components/FormError';

export default function MyData() {
  const intl = useIntl();
  const navigate = useNavigate();
  const [understood, setUnderstood] = useState(false);
  const [error, setError] = useState<MessageId | null>(null);
  // Asked only when the API wants it: the sign-in began more than 10 minutes ago.
  const [askPassword, setAskPassword] = useState(false);
  const [password, setPassword] = useState('');
  const [wrongPassword, setWrongPassword] = useState(false);

  const exportData = useMutation({
    mutationFn: () => download('/v1/me/export', 'my-data.json'),
    onError: (e) => setError(mapApiError(e).form),
  });
  const erase = useMutation({
    mutationFn: () => call(api.DELETE('/v1/me', { body: askPassword ? { password } : {} })),
    onSuccess: () => {
      void navigate('/sign-out', { replace: true, state: { notice: 'data.deleted' } });
    },
    onError: (e) => {
      const mapped = mapApiError(e);
      if (mapped.form === 'data.deletePassword') setAskPassword(true);
      setWrongPassword(mapped.fields.currentPassword === 'account.error.wrongPassword');
      setError(mapped.fields.currentPassword ? null : (mapped.form ?? 'error.generic'));
    },
  });

  return (
    <Stack gap="md">
      <Title order={1} fz={26}>
        <FormattedMessage id="data.title" />
      </Title>
      <Text>
        <FormattedMessage id="data.lead" />
      </Text>
      <Button leftSection={<IconDownload aria-hidden />} onClick={() => exportData.mutate()} loading={exportData.isPending} fullWidth>
        <FormattedMessage id="data.export" />
      </Button>
      <Anchor component={Link} to="/account" py="sm">
        <FormattedMessage id="account.title" />
      </Anchor>
      <Divider my="md" />
      <Title order={2} fz={20}>
        <FormattedMessage id="data.delete" />
      </Title>
      <Alert color="red" icon={<IconAlertTriangle aria-hidden />}>
        <FormattedMessage id="data.deleteWarning" />
      </Alert>
      <Checkbox
        className="choice"
        checked={understood}
        onChange={(e) => setUnderstood(e.currentTarget.checked)}
        label={intl.formatMessage({ id: 'data.deleteCheck' })}
      />
      {askPassword && (
        <PasswordInput
          label={intl.formatMessage({ id: 'field.password' })}
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={wrongPassword ? intl.formatMessage({ id: 'account.error.wrongPassword' }) : undefined}
        />
      )}
      <FormError id={error} />
      {askPassword && (
        <Anchor component={Link} to="/email-sign-in" py="sm">
          <FormattedMessage id="account.emailLink.link" />
        </Anchor>
      )}
      <Button
        color="red"
        disabled={!understood || (askPassword && !password)}
        loading={erase.isPending}
        onClick={() => erase.mutate()}
        leftSection={<IconTrash aria-hidden />}
        fullWidth
      >
        <FormattedMessage id="data.deleteConfirm" />
      </Button>
    </Stack>
  );
}
