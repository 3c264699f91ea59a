import { Button, Code, CopyButton, Divider, NativeSelect, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { IconCalendarPlus, IconCheck, IconCopy, IconKey, IconLogout, IconRefresh, IconWorld } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useNavigate } from 'react-router';
import { api, call } from '../api/client';
import { mapApiError, type MessageId } from '../api/problem';
import { checkNewPassword, checkRequired } from '../auth/forms';
import { readSession, saveSession, updateSessionUser } from '../auth/session';
import { ZONE_CITY_KEYS } from '@app/i18n/cities';
import { useCityName } from '../i18n/I18nProvider';
import { useFormErrors } from '../auth/useFormErrors';
import { NewPasswordField } from '../components/AccountFields';
import { Done } from '../components/Done';
import { FormError } from '../components/FormError';
import { QueryError } from '../components/QueryError';

function ChangePassword() {
  const intl = useIntl();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const { errors, check, showApiError, fieldError } = useFormErrors();
  const change = useMutation({
    mutationFn: () => call(api.PUT('/v1/me/password', { body: { currentPassword, newPassword } })),
    onSuccess: (login) => {
      // The other devices are signed out; this one goes on with the new tokens.
      saveSession(login);
      setCurrent('');
      setNew('');
    },
    onError: showApiError,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (check({ currentPassword: checkRequired(currentPassword), newPassword: checkNewPassword(newPassword) })) change.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Title order={2} fz={20}>
          <FormattedMessage id="account.password.title" />
        </Title>
        <PasswordInput
          label={intl.formatMessage({ id: 'account.field.currentPassword' })}
          autoComplete="current-password"
          value={currentPassword}
          onChange={(e) => setCurrent(e.currentTarget.value)}
          error={fieldError('currentPassword')}
          required
        />
        <NewPasswordField label="account.field.newPassword" value={newPassword} onChange={setNew} error={fieldError('newPassword')} />
        <FormError id={errors.form} />
        {change.isSuccess && (
          <Done>
            <FormattedMessage id="account.password.done" />
          </Done>
        )}
        <Button type="submit" variant="light" loading={change.isPending} leftSection={<IconKey aria-hidden />} fullWidth>
          <FormattedMessage id="account.password.submit" />
        </Button>
      </Stack>
    </form>
  );
}

function CalendarFeed() {
  const queries = useQueryClient();
  const feed = useQuery({ queryKey: ['calendar-feed'], queryFn: () => call(api.GET('/v1/me/calendar-feed')) });
  const rotate = useMutation({
    mutationFn: () => call(api.POST('/v1/me/calendar-feed/rotate')),
    onSuccess: (links) => queries.setQueryData(['calendar-feed'], links),
  });
  if (feed.isError) return <QueryError error={feed.error} onRetry={() => feed.refetch()} />;
  return (
    <Stack gap="md">
      <Title order={2} fz={20}>
        <FormattedMessage id="account.feed.title" />
      </Title>
      <Text>
        <FormattedMessage id="account.feed.lead" />
      </Text>
      {feed.data && (
        <>
          <Code block dir="ltr" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid="feed-url">
            {feed.data.webcalUrl}
          </Code>
          <Button component="a" href={feed.data.webcalUrl} leftSection={<IconCalendarPlus aria-hidden />} fullWidth>
            <FormattedMessage id="account.feed.open" />
          </Button>
          <CopyButton value={feed.data.webcalUrl}>
            {({ copied, copy }) => (
              <Button variant="light" onClick={copy} leftSection={copied ? <IconCheck aria-hidden /> : <IconCopy aria-hidden />} fullWidth>
                <span aria-live="polite">
                  <FormattedMessage id={copied ? 'account.feed.copied' : 'account.feed.copy'} />
                </span>
              </Button>
            )}
          </CopyButton>
        </>
      )}
      {rotate.isSuccess && (
        <Done>
          <FormattedMessage id="account.feed.rotated" />
        </Done>
      )}
      <FormError id={rotate.isError ? mapApiError(rotate.error).form : null} />
      <Button
        variant="subtle"
        onClick={() => rotate.mutate()}
        loading={rotate.isPending || feed.isPending}
        leftSection={<IconRefresh aria-hidden />}
        fullWidth
      >
        <FormattedMessage id="account.feed.rotate" />
      </Button>
    </Stack>
  );
}

/** The zone the person's times are shown in, chosen as a city in the reader's script; mails follow too. */
function TimeZoneChoice() {
  const intl = useIntl();
  const city = useCityName();
  const current = readSession()?.user.timeZone ?? 'Europe/Rome';
  const [zone, setZone] = useState(current);
  const zones = [...new Set([current, ...Object.keys(ZONE_CITY_KEYS)])];
  const options = zones.map((z) => ({ value: z, label: city(z) })).sort((a, b) => a.label.localeCompare(b.label, intl.locale));
  const save = useMutation({
    mutationFn: () => call(api.PATCH('/v1/me', { body: { timeZone: zone } })),
    onSuccess: (user) => updateSessionUser(user),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Title order={2} fz={20}>
          <FormattedMessage id="account.zone.title" />
        </Title>
        <Text>
          <FormattedMessage id="account.zone.lead" />
        </Text>
        <NativeSelect
          label={intl.formatMessage({ id: 'account.zone.field' })}
          data={options}
          value={zone}
          onChange={(e) => setZone(e.currentTarget.value)}
        />
        <FormError id={save.isError ? (mapApiError(save.error).form ?? 'error.generic') : null} />
        {save.isSuccess && (
          <Done>
            <FormattedMessage id="account.zone.done" values={{ city: city(save.data.timeZone) }} />
          </Done>
        )}
        <Button type="submit" variant="light" loading={save.isPending} leftSection={<IconWorld aria-hidden />} fullWidth>
          <FormattedMessage id="account.zone.submit" />
        </Button>
      </Stack>
    </form>
  );
}

/** "My account": the password, the private calendar link, and signing out on every device. */
export default function MyAccount() {
  const navigate = useNavigate();
  const [error, setError] = useState<MessageId | null>(null);
  const everywhere = useMutation({
    // Told first: if the API cannot be reached, the other devices are still signed in, and the reader must know.
    mutationFn: () => call(api.POST('/v1/auth/logout-all')),
    onSuccess: () => navigate('/sign-out', { replace: true, state: { notice: 'account.everywhere.done' } }),
    onError: (failure) => setError(mapApiError(failure).form),
  });
  return (
    <Stack gap="md">
      <Title order={1} fz={26}>
        <FormattedMessage id="account.title" />
      </Title>
      <TimeZoneChoice />
      <Divider my="md" />
      <ChangePassword />
      <Divider my="md" />
      <CalendarFeed />
      <Divider my="md" />
      <Title order={2} fz={20}>
        <FormattedMessage id="account.everywhere.title" />
      </Title>
      <Text>
        <FormattedMessage id="account.everywhere.lead" />
      </Text>
      <FormError id={error} />
      <Button
        color="red"
        variant="light"
        onClick={() => everywhere.mutate()}
        loading={everywhere.isPending}
        leftSection={<IconLogout aria-hidden />}
        fullWidth
      >
        <FormattedMessage id="account.everywhere.submit" />
      </Button>
    </Stack>
  );
}
