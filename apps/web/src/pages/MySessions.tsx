import { Alert, Badge, Button, Card, Group, Modal, SimpleGrid, Skeleton, Stack, Text, Textarea, Title } from '@mantine/core';
import {
  IconAlertTriangle,
  IconCalendarPlus,
  IconCalendarX,
  IconClipboardCheck,
  IconClockEdit,
  IconNotes,
  IconVideo,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useLocation } from 'react-router';
import { api, call, download } from '../api/client';
import { mapApiError, type MessageId } from '../api/problem';
import { type Session, STATUS_LABELS, topicLabel } from '../api/types';
import { readSession } from '../auth/session';
import { Done } from '../components/Done';
import { FormError } from '../components/FormError';
import { QueryError } from '../components/QueryError';
import { TimePair } from '../components/TimePair';
import { intlTag } from '@app/i18n/locales';
import { useLocale } from '../i18n/I18nProvider';
import { languageName } from '../i18n/names';
import { formatDay, formatTime } from '../time/format';
import { canJoin, useNow } from '../time/useNow';

/** "60 minutes" in the reader's language and digits. */
export function formatLength(minutes: number, locale: Parameters<typeof intlTag>[0]): string {
  return new Intl.NumberFormat(intlTag(locale), { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(minutes);
}

export function useCoachZone(coachId: string): string | null {
  const coach = useQuery({
    queryKey: ['coach', coachId],
    enabled: coachId !== '',
    queryFn: () => call(api.GET('/v1/coaches/{id}', { params: { path: { id: coachId } } })),
  });
  return coach.data?.timeZone ?? null;
}

function SessionCard({
  session,
  upcoming,
  now,
  onCancel,
}: {
  session: Session;
  upcoming: boolean;
  now: number;
  onCancel: (s: Session) => void;
}) {
  const intl = useIntl();
  const { locale } = useLocale();
  const me = readSession()!.user;
  const coachZone = useCoachZone(session.coachId);
  // A newcomer meets the coach; a coach (or coordinator) reading the list sees whom the session is with.
  const other = me.role === 'newcomer' ? session.coach : session.newcomer;
  const [error, setError] = useState<MessageId | null>(null);
  const start = new Date(session.start);
  const joinable = canJoin(start, new Date(session.end), now);
  const calendar = useMutation({
    mutationFn: () => download(`/v1/sessions/${session.id}/calendar.ics`, `coaching-${start.toISOString().slice(0, 10)}.ics`),
    onError: (e) => setError(mapApiError(e).form),
  });

  return (
    <Card withBorder padding="md" component="article" data-testid="session">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Text fw={700}>{formatDay(start, me.timeZone, locale)}</Text>
          {!upcoming && (
            <Badge color={session.status === 'completed' ? 'teal.9' : 'gray.7'}>
              {intl.formatMessage({ id: STATUS_LABELS[session.status] })}
            </Badge>
          )}
        </Group>
        <Text>
          <TimePair start={start} timeZone={me.timeZone} coach={{ name: session.coach.displayName, timeZone: coachZone }} />
        </Text>
        <Text data-testid="length">{formatLength(session.durationMinutes, locale)}</Text>
        <Text c="dimmed">
          {intl.formatMessage({ id: topicLabel(session.topic) })} ·{' '}
          <FormattedMessage id="sessions.with" values={{ coach: <bdi>{other.displayName}</bdi> }} />
          {me.role !== 'newcomer' && <> · {languageName(session.language, locale)}</>}
        </Text>
        {me.role === 'coach' && upcoming && session.room.moderatorMustSignIn && (
          <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />} p="xs">
            <FormattedMessage id="join.moderator" />
          </Alert>
        )}
        {me.role !== 'newcomer' &&
          (session.joins ?? []).map((j) => (
            <Text key={j.role} fz="sm" data-testid="joined">
              <FormattedMessage
                id="join.joined"
                values={{
                  name: <bdi>{j.displayName}</bdi>,
                  time: <bdi>{formatTime(new Date(j.joinedAt), me.timeZone, locale)}</bdi>,
                }}
              />
            </Text>
          ))}
        {(me.role === 'coordinator' || me.role === 'admin') && (
          <Button variant="default" size="md" mih={44} component={Link} to={`/staff/sessions/${session.id}`}>
            <FormattedMessage id="coordinator.session.open" />
          </Button>
        )}
        {!upcoming && me.role !== 'newcomer' && session.status === 'booked' && new Date(session.start).getTime() <= now && (
          <Button
            variant="light"
            size="md"
            mih={44}
            component={Link}
            to={`/sessions/${session.id}/outcome`}
            leftSection={<IconClipboardCheck size={20} aria-hidden />}
          >
            <FormattedMessage id="staff.sessions.recordAttendance" />
          </Button>
        )}
        {me.role === 'coach' && session.status !== 'cancelled' && new Date(session.end).getTime() <= now && (
          <Button
            variant="light"
            size="md"
            mih={44}
            component={Link}
            to={`/sessions/${session.id}/report`}
            leftSection={<IconNotes size={20} aria-hidden />}
          >
            <FormattedMessage id="report.open" />
          </Button>
        )}
        {upcoming && (
          <Stack gap="xs" mt="xs">
            {joinable ? (
              <Button component={Link} to={`/sessions/${session.id}/join`} color="green" leftSection={<IconVideo aria-hidden />} fullWidth>
                <FormattedMessage id="sessions.join" />
              </Button>
            ) : (
              <>
                <Button disabled leftSection={<IconVideo aria-hidden />} fullWidth aria-describedby={`join-${session.id}`}>
                  <FormattedMessage id="sessions.join" />
                </Button>
                <Text fz="sm" c="dimmed" id={`join-${session.id}`}>
                  <FormattedMessage id="sessions.joinLater" />
                </Text>
              </>
            )}
            <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="xs">
              <Button
                variant="light"
                size="md"
                mih={44}
                leftSection={<IconCalendarPlus size={20} aria-hidden />}
                onClick={() => calendar.mutate()}
                loading={calendar.isPending}
              >
                <FormattedMessage id="sessions.calendar" />
              </Button>
              <Button
                variant="light"
                size="md"
                mih={44}
                component={Link}
                to={`/sessions/${session.id}/reschedule`}
                leftSection={<IconClockEdit size={20} aria-hidden />}
              >
                <FormattedMessage id="sessions.reschedule" />
              </Button>
              <Button
                variant="light"
                color="red"
                size="md"
                mih={44}
                leftSection={<IconCalendarX size={20} aria-hidden />}
                onClick={() => onCancel(session)}
              >
                <FormattedMessage id="sessions.cancel" />
              </Button>
            </SimpleGrid>
            <FormError id={error} />
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

/** Which session the cancel dialog is about: its day, both times, its length and whom it is with. */
function CancelledSession({ session }: { session: Session }) {
  const { locale } = useLocale();
  const me = readSession()!.user;
  const coachZone = useCoachZone(session.coachId);
  const other = me.role === 'newcomer' ? session.coach : session.newcomer;
  const start = new Date(session.start);
  return (
    <Stack gap={4} data-testid="cancel-which">
      <Text fw={700}>{formatDay(start, me.timeZone, locale)}</Text>
      <Text>
        <TimePair start={start} timeZone={me.timeZone} coach={{ name: session.coach.displayName, timeZone: coachZone }} />
      </Text>
      <Text c="dimmed">
        {formatLength(session.durationMinutes, locale)} ·{' '}
        <FormattedMessage id="sessions.with" values={{ coach: <bdi>{other.displayName}</bdi> }} />
      </Text>
    </Stack>
  );
}

export default function MySessions() {
  const intl = useIntl();
  const location = useLocation();
  const queries = useQueryClient();
  const now = useNow();
  const [notice, setNotice] = useState<string | null>((location.state as { notice?: string } | null)?.notice ?? null);
  const [cancelling, setCancelling] = useState<Session | null>(null);
  const [reason, setReason] = useState('');
  const [cancelError, setCancelError] = useState<MessageId | null>(null);

  const sessions = useQuery({
    queryKey: ['sessions'],
    queryFn: () => call(api.GET('/v1/sessions', { params: { query: { limit: 100 } } })),
  });
  const cancel = useMutation({
    mutationFn: (s: Session) =>
      call(api.POST('/v1/sessions/{id}/cancel', { params: { path: { id: s.id } }, body: reason.trim() ? { reason: reason.trim() } : {} })),
    onSuccess: () => {
      setCancelling(null);
      setNotice('sessions.cancelled');
      return queries.invalidateQueries({ queryKey: ['sessions'] });
    },
    onError: (e) => setCancelError(mapApiError(e).form ?? 'error.generic'),
  });

  if (sessions.isError) return <QueryError error={sessions.error} onRetry={() => sessions.refetch()} />;
  const items = sessions.data?.items ?? [];
  const upcoming = items
    .filter((s) => s.status === 'booked' && new Date(s.end).getTime() > now)
    .sort((a, b) => a.start.localeCompare(b.start));
  // Cancelled sessions, future ones too, in their own group: they are neither ahead nor done.
  const cancelled = items.filter((s) => s.status === 'cancelled').sort((a, b) => b.start.localeCompare(a.start));
  const past = items.filter((s) => !upcoming.includes(s) && s.status !== 'cancelled').sort((a, b) => b.start.localeCompare(a.start));

  const section = (titleId: string, list: Session[], isUpcoming: boolean) => (
    <Stack gap="sm" component="section" aria-label={intl.formatMessage({ id: titleId })} aria-busy={sessions.isPending}>
      <Title order={2} fz={20}>
        <FormattedMessage id={titleId} />
        {/* No count until the list is here: "0 sessions" while loading would be wrong. */}
        {!sessions.isPending && (
          <>
            {' · '}
            <FormattedMessage id="sessions.count" values={{ count: list.length }} />
          </>
        )}
      </Title>
      {sessions.isPending && <Skeleton height={120} radius="md" data-testid="sessions-loading" />}
      {list.length === 0 && !sessions.isPending && (
        <Text c="dimmed">
          <FormattedMessage id="sessions.empty" />
        </Text>
      )}
      {list.map((s) => (
        <SessionCard
          key={s.id}
          session={s}
          upcoming={isUpcoming}
          now={now}
          onCancel={(target) => {
            setReason('');
            setCancelError(null);
            setCancelling(target);
          }}
        />
      ))}
    </Stack>
  );

  return (
    <Stack gap="lg">
      <Title order={1} fz={26}>
        <FormattedMessage id="sessions.title" />
      </Title>
      {notice && (
        <Done>
          <FormattedMessage id={notice} />
        </Done>
      )}
      {section('sessions.upcoming', upcoming, true)}
      {section('sessions.past', past, false)}
      {cancelled.length > 0 && section('status.cancelled', cancelled, false)}
      <Modal
        opened={cancelling !== null}
        onClose={() => setCancelling(null)}
        title={intl.formatMessage({ id: 'sessions.cancelTitle' })}
        closeButtonProps={{ 'aria-label': intl.formatMessage({ id: 'sessions.keep' }) }}
        centered
      >
        <Stack gap="md">
          {cancelling && <CancelledSession session={cancelling} />}
          <Textarea
            label={intl.formatMessage({ id: 'sessions.cancelReason' })}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            maxLength={500}
            autosize
            minRows={2}
          />
          <FormError id={cancelError} />
          <Button
            color="red"
            onClick={() => cancelling && cancel.mutate(cancelling)}
            loading={cancel.isPending}
            leftSection={<IconCalendarX aria-hidden />}
            fullWidth
          >
            <FormattedMessage id="sessions.cancelConfirm" />
          </Button>
          <Button variant="subtle" onClick={() => setCancelling(null)} fullWidth>
            <FormattedMessage id="sessions.keep" />
          </Button>
        </Stack>
      </Modal>
    </Stack>
  );
}
