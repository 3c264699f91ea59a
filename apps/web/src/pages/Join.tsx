import { Alert, Anchor, Button, Card, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconLogin, IconPhone, IconVideo } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { FormattedMessage } from 'react-intl';
import { Link, useLocation, useParams } from 'react-router';
import { api, call } from '../api/client';
import { ApiError } from '../api/problem';
import { useSession } from '../auth/useSession';
import { QueryError } from '../components/QueryError';
import { TimePair } from '../components/TimePair';
import { useLocale } from '../i18n/I18nProvider';
import { intlTag } from '@app/i18n/locales';
import { formatDay } from '../time/format';
import { useNow } from '../time/useNow';
import { useCoachZone } from './MySessions';

/** "in 12 minutes", "in 3 hours", "in 2 days" in the reader's language, rounded up so it never says "in 0". */
function untilText(ms: number, locale: string): string {
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'always' });
  const minutes = Math.ceil(ms / 60_000);
  if (ms < 60_000) return format.format(Math.ceil(ms / 1000), 'second');
  if (minutes < 90) return format.format(minutes, 'minute');
  const hours = Math.round(ms / 3_600_000);
  if (hours < 48) return format.format(hours, 'hour');
  return format.format(Math.round(ms / 86_400_000), 'day');
}

/**
 * The join page that mails, calendar files and feeds link to. The room's URL
 * (with this person's token) comes only from the API, and only from ten
 * minutes before the start; until then the page counts down, and asks again
 * at the opening.
 */
export default function JoinPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const { locale } = useLocale();
  const me = useSession();
  const now = useNow(1000);
  const person = me?.user.role === 'coach' || me?.user.role === 'newcomer';

  const session = useQuery({
    queryKey: ['session', id],
    enabled: person,
    retry: (count, e) => !(e instanceof ApiError && e.problem.status < 500) && count < 1,
    queryFn: () => call(api.GET('/v1/sessions/{id}', { params: { path: { id } } })),
  });
  const join = useQuery({
    queryKey: ['session', id, 'join'],
    enabled: person,
    retry: false,
    // The URL carries a token that ends with the room: never kept once the page is left.
    gcTime: 0,
    queryFn: () => call(api.GET('/v1/sessions/{id}/join', { params: { path: { id } } })),
  });
  const academies = useQuery({ queryKey: ['academies'], queryFn: () => call(api.GET('/v1/academies')) });
  const coachZone = useCoachZone(session.data?.coachId ?? '');

  const problem = join.error instanceof ApiError ? join.error.problem : null;
  const opensAt = problem?.code === 'too_early' && problem.opensAt ? new Date(problem.opensAt).getTime() : null;
  const refetch = join.refetch;
  // At the opening, ask again: the answer is then the room.
  useEffect(() => {
    if (opensAt !== null && now >= opensAt) void refetch();
  }, [opensAt, now, refetch]);

  if (!me) {
    return (
      <Stack gap="md">
        <Title order={1} fz={26}>
          <FormattedMessage id="join.title" />
        </Title>
        <Text>
          <FormattedMessage id="join.signIn" />
        </Text>
        <Button
          component={Link}
          to={`/sign-in?next=${encodeURIComponent(location.pathname)}`}
          leftSection={<IconLogin aria-hidden />}
          size="lg"
          fullWidth
        >
          <FormattedMessage id="signIn.submit" />
        </Button>
        <Anchor component={Link} to="/email-sign-in" ta="center" py="sm">
          <FormattedMessage id="account.emailLink.link" />
        </Anchor>
      </Stack>
    );
  }
  const refused = !person || (problem !== null && [403, 404].includes(problem.status));
  if (refused) {
    return (
      <Alert color="gray" role="status">
        <FormattedMessage id="join.notAllowed" />
      </Alert>
    );
  }
  const unexpected = join.isError && (!problem || problem.status !== 409);
  if (unexpected) return <QueryError error={join.error} onRetry={() => join.refetch()} />;

  const data = session.data;
  const start = data ? new Date(data.start) : null;
  const academy = academies.data?.find((a) => a.id === data?.academyId);
  const other =
    data && me.user.role === 'newcomer'
      ? { name: data.coach.displayName, timeZone: coachZone }
      : data && academy
        ? { name: data.newcomer.displayName, timeZone: academy.timeZone }
        : undefined;

  return (
    <Stack gap="md">
      <Title order={1} fz={26}>
        <FormattedMessage id="join.title" />
      </Title>
      {start && (
        <Card withBorder padding="md">
          <Text fw={700}>{formatDay(start, me.user.timeZone, locale)}</Text>
          <Text>
            <TimePair start={start} timeZone={me.user.timeZone} coach={other} />
          </Text>
        </Card>
      )}

      {join.data && (
        <Stack gap="sm" data-testid="room-open">
          <Text fw={700} role="status">
            <FormattedMessage id="join.ready" />
          </Text>
          <Button
            component="a"
            href={join.data.url}
            rel="noopener noreferrer"
            color="green"
            size="lg"
            mih={52}
            leftSection={<IconVideo aria-hidden />}
            fullWidth
          >
            <FormattedMessage id="join.open" />
          </Button>
        </Stack>
      )}
      {opensAt !== null && now < opensAt && (
        <Text fz="lg" role="timer" aria-live="off" data-testid="countdown">
          <FormattedMessage id="join.opensIn" values={{ when: <bdi>{untilText(opensAt - now, intlTag(locale))}</bdi> }} />
        </Text>
      )}
      {problem?.code === 'session_over' && (
        <Alert color="gray" role="status">
          <FormattedMessage id="join.over" />
        </Alert>
      )}
      {problem?.code === 'session_cancelled' && (
        <Alert color="gray" role="status">
          <FormattedMessage id="join.cancelled" />
        </Alert>
      )}
      {problem?.code === 'meeting_url_missing' && (
        <Alert color="yellow" role="status">
          <FormattedMessage id="join.notReady" />
        </Alert>
      )}

      {me.user.role === 'coach' && data?.room.moderatorMustSignIn && (
        <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />}>
          <FormattedMessage id="join.moderator" />
        </Alert>
      )}

      <Alert color="blue" icon={<IconPhone aria-hidden />} title={<FormattedMessage id="join.helpTitle" />}>
        {academy?.phone ? (
          <FormattedMessage
            id="join.help"
            values={{
              phone: (
                <Anchor href={`tel:${academy.phone.replace(/\s+/g, '')}`} dir="ltr">
                  {academy.phone}
                </Anchor>
              ),
            }}
          />
        ) : (
          <FormattedMessage id="join.helpNoPhone" />
        )}
      </Alert>
    </Stack>
  );
}
