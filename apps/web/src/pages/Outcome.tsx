import { Alert, Button, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconDeviceFloppy, IconLogin } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useLocation, useParams } from 'react-router';
import { api, call } from '../api/client';
import { ApiError, mapApiError, type MessageId } from '../api/problem';
import { STATUS_LABELS } from '../api/types';
import { useSession } from '../auth/useSession';
import { Done } from '../components/Done';
import { FormError } from '../components/FormError';
import { QueryError } from '../components/QueryError';
import { TimePair } from '../components/TimePair';
import { useLocale } from '../i18n/I18nProvider';
import { formatDay } from '../time/format';

const OUTCOMES = ['completed', 'newcomer_no_show', 'coach_no_show'] as const;
type Outcome = (typeof OUTCOMES)[number];

/** The follow-up mail's link: the coach (or a coordinator) says whether the session took place. */
export default function OutcomePage() {
  const { id = '' } = useParams();
  const intl = useIntl();
  const location = useLocation();
  const { locale } = useLocale();
  const me = useSession();
  const staff = me?.user.role === 'coach' || me?.user.role === 'coordinator' || me?.user.role === 'admin';
  const [outcome, setOutcome] = useState<Outcome>('completed');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<MessageId | null>(null);

  const session = useQuery({
    queryKey: ['session', id],
    enabled: staff,
    retry: (count, e) => !(e instanceof ApiError && e.problem.status < 500) && count < 1,
    queryFn: () => call(api.GET('/v1/sessions/{id}', { params: { path: { id } } })),
  });
  const save = useMutation({
    mutationFn: () =>
      call(
        api.POST('/v1/sessions/{id}/attendance', {
          params: { path: { id } },
          body: notes.trim() ? { outcome, notes: notes.trim() } : { outcome },
        }),
      ),
    onError: (e) => setError(mapApiError(e).form ?? 'error.generic'),
  });

  if (!me) {
    return (
      <Stack gap="md">
        <Text>
          <FormattedMessage id="outcome.signIn" />
        </Text>
        <Button
          component={Link}
          to={`/sign-in?next=${encodeURIComponent(location.pathname)}`}
          leftSection={<IconLogin aria-hidden />}
          fullWidth
        >
          <FormattedMessage id="signIn.submit" />
        </Button>
      </Stack>
    );
  }
  const refused = session.error instanceof ApiError && [403, 404].includes(session.error.problem.status);
  if (!staff || refused) {
    return (
      <Alert color="gray" role="status">
        <FormattedMessage id="outcome.notAllowed" />
      </Alert>
    );
  }
  if (session.isError) return <QueryError error={session.error} onRetry={() => session.refetch()} />;
  if (!session.data) return null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    save.mutate();
  };
  const start = new Date(session.data.start);

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Title order={1} fz={26}>
          <FormattedMessage id="outcome.title" />
        </Title>
        <Text fw={700}>{formatDay(start, me.user.timeZone, locale)}</Text>
        <Text>
          <TimePair start={start} timeZone={me.user.timeZone} /> · <bdi>{session.data.newcomer.displayName}</bdi>
        </Text>
        <Radio.Group label={intl.formatMessage({ id: 'outcome.title' })} value={outcome} onChange={(v) => setOutcome(v as Outcome)}>
          <Stack gap={0} mt={4}>
            {OUTCOMES.map((value) => (
              <Radio key={value} className="choice" value={value} label={intl.formatMessage({ id: STATUS_LABELS[value] })} />
            ))}
          </Stack>
        </Radio.Group>
        <Textarea
          label={intl.formatMessage({ id: 'outcome.notes' })}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
          autosize
          minRows={3}
          maxLength={2000}
        />
        <FormError id={error} />
        {save.isSuccess ? (
          <Done>
            <FormattedMessage id="outcome.saved" />
          </Done>
        ) : (
          <Button type="submit" loading={save.isPending} leftSection={<IconDeviceFloppy aria-hidden />} fullWidth>
            <FormattedMessage id="outcome.submit" />
          </Button>
        )}
      </Stack>
    </form>
  );
}
