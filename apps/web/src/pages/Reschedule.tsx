import { Button, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useNavigate, useParams } from 'react-router';
import { api, call } from '../api/client';
import { mapApiError, type MessageId } from '../api/problem';
import { type Slot } from '../api/types';
import { readSession } from '../auth/session';
import { BookDialog } from '../components/BookDialog';
import { QueryError } from '../components/QueryError';
import { TimePair, useTimePair } from '../components/TimePair';
import { useLocale } from '../i18n/I18nProvider';
import { formatDay, localDate } from '../time/format';
import { useCoachZone } from './MySessions';

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export default function Reschedule() {
  const { id = '' } = useParams();
  const intl = useIntl();
  const navigate = useNavigate();
  const { locale } = useLocale();
  const pair = useTimePair();
  const queries = useQueryClient();
  const me = readSession()!.user;
  const [chosen, setChosen] = useState<Slot | null>(null);
  const [error, setError] = useState<MessageId | null>(null);

  const session = useQuery({ queryKey: ['session', id], queryFn: () => call(api.GET('/v1/sessions/{id}', { params: { path: { id } } })) });
  const coachZone = useCoachZone(session.data?.coachId ?? '');
  const today = localDate(new Date(), me.timeZone);
  const slots = useQuery({
    queryKey: ['slots', id, today],
    enabled: session.isSuccess,
    queryFn: () =>
      call(
        api.GET('/v1/slots', {
          params: {
            query: {
              from: today,
              to: addDays(today, 13),
              timeZone: me.timeZone,
              durationMinutes: session.data!.durationMinutes as 60,
              coachId: session.data!.coachId,
            },
          },
        }),
      ),
  });
  const move = useMutation({
    mutationFn: (slot: Slot) => call(api.POST('/v1/sessions/{id}/reschedule', { params: { path: { id } }, body: { start: slot.start } })),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['sessions'] });
      await queries.invalidateQueries({ queryKey: ['session', id] });
      void navigate('/sessions', { state: { notice: 'reschedule.done' } });
    },
    onError: (e) => {
      setError(mapApiError(e).form ?? 'error.generic');
      void slots.refetch();
    },
  });

  const failed = session.error ?? slots.error;
  if (failed) return <QueryError error={failed} onRetry={() => (session.isError ? session.refetch() : slots.refetch())} />;
  if (!session.data) return null;

  const coach = { name: session.data.coach.displayName, timeZone: coachZone };
  const current = new Date(session.data.start);
  const free = (slots.data?.slots ?? []).filter((s) => s.start !== session.data!.start).slice(0, 24);
  const days = [...new Set(free.map((s) => localDate(new Date(s.start), me.timeZone)))];

  return (
    <Stack gap="md">
      <Title order={1} fz={26}>
        <FormattedMessage id="reschedule.title" />
      </Title>
      <Text>
        <FormattedMessage
          id="reschedule.current"
          values={{ when: `${formatDay(current, me.timeZone, locale)}, ${pair({ start: current, timeZone: me.timeZone, coach })}` }}
        />
      </Text>
      {slots.isSuccess && free.length === 0 && (
        <Text>
          <FormattedMessage id="reschedule.none" />
        </Text>
      )}
      {days.map((day) => {
        const ofDay = free.filter((s) => localDate(new Date(s.start), me.timeZone) === day);
        return (
          <Stack gap={6} key={day} role="group" aria-label={formatDay(new Date(ofDay[0].start), me.timeZone, locale)}>
            <Text c="dimmed" fz="sm" aria-hidden>
              {formatDay(new Date(ofDay[0].start), me.timeZone, locale)}
            </Text>
            {ofDay.map((slot) => (
              <Button
                key={slot.start}
                variant="light"
                className="slot"
                fullWidth
                onClick={() => {
                  setError(null);
                  setChosen(slot);
                }}
              >
                <TimePair start={new Date(slot.start)} timeZone={me.timeZone} coach={coach} />
              </Button>
            ))}
          </Stack>
        );
      })}
      <BookDialog
        slot={chosen ? { start: new Date(chosen.start), timeZone: me.timeZone, coach } : null}
        title={intl.formatMessage({ id: 'reschedule.title' })}
        confirm={<FormattedMessage id="reschedule.confirm" />}
        pending={move.isPending}
        error={error}
        onConfirm={() => chosen && !move.isPending && move.mutate(chosen)}
        onClose={() => setChosen(null)}
      />
    </Stack>
  );
}
