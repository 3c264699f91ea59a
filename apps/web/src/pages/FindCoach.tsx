import { Alert, Button, Card, Checkbox, List, Radio, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconSearch } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useNavigate } from 'react-router';
import { api, call } from '../api/client';
import { mapApiError, type MessageId } from '../api/problem';
import { type Candidate, newIdempotencyKey, type Slot, TOPIC_LABELS, TOPICS, topicLabel, warningsOf } from '../api/types';
import { checkRequired } from '../auth/forms';
import { readSession } from '../auth/session';
import { BookDialog } from '../components/BookDialog';
import { QueryError } from '../components/QueryError';
import { JoinWaitingList } from '../waiting-list/JoinWaitingList';
import { TimePair } from '../components/TimePair';
import { useCityName, useLocale } from '../i18n/I18nProvider';
import { languageName, listOf } from '../i18n/names';
import { formatCalendarDate, formatDay, localDate } from '../time/format';

/** Parts of the day, in the newcomer's own zone, as weekly windows for every day of the week. */
const WINDOWS = {
  any: null,
  morning: ['08:00', '12:00'],
  afternoon: ['12:00', '17:00'],
  evening: ['17:00', '21:00'],
} as const;
type When = keyof typeof WINDOWS;
const WHEN_LABELS: Record<When, string> = {
  any: 'find.when.any',
  morning: 'find.when.morning',
  afternoon: 'find.when.afternoon',
  evening: 'find.when.evening',
};

function preferredWindows(when: When) {
  const window = WINDOWS[when];
  if (!window) return undefined;
  return [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: window[0], end: window[1] }));
}

interface Choice {
  candidate: Candidate;
  slot: Slot;
  coachTimeZone: string | null;
  key: string;
}

function CandidateCard({ candidate, onPick }: { candidate: Candidate; onPick: (slot: Slot, coachTimeZone: string | null) => void }) {
  const intl = useIntl();
  const { locale } = useLocale();
  const city = useCityName();
  const me = readSession()!.user;
  const warning = warningsOf(candidate)[0];
  // The coach's own zone, to show their time beside the newcomer's.
  const coach = useQuery({
    queryKey: ['coach', candidate.coachId],
    queryFn: () => call(api.GET('/v1/coaches/{id}', { params: { path: { id: candidate.coachId } } })),
    enabled: !warning,
  });
  const coachTimeZone = warning?.coachTimeZone ?? coach.data?.timeZone ?? null;

  const reasons = candidate.reasons.flatMap((reason) => {
    switch (reason.code) {
      case 'shared_language':
        return reason.languages.length
          ? [
              intl.formatMessage(
                { id: 'find.reason.languages' },
                {
                  languages: listOf(
                    reason.languages.map((l) => languageName(l, locale)),
                    locale,
                  ),
                },
              ),
            ]
          : [];
      case 'topics':
        return reason.covered.length
          ? [
              intl.formatMessage(
                { id: 'find.reason.topics' },
                {
                  topics: listOf(
                    reason.covered.map((t) => intl.formatMessage({ id: topicLabel(t) })),
                    locale,
                  ),
                },
              ),
            ]
          : [];
      case 'hour_overlap':
        return reason.minutes >= 60 ? [intl.formatMessage({ id: 'find.reason.hours' }, { hours: Math.floor(reason.minutes / 60) })] : [];
      case 'continuity':
        return [intl.formatMessage({ id: 'find.reason.continuity' }, { count: reason.completedSessions })];
      default:
        return [];
    }
  });

  const slots = candidate.nextSlots.slice(0, 6);
  const days = [...new Set(slots.map((s) => localDate(new Date(s.start), me.timeZone)))];

  return (
    <Card withBorder padding="md" component="article" aria-labelledby={`coach-${candidate.coachId}`}>
      <Stack gap="sm">
        <Title order={2} fz={22} id={`coach-${candidate.coachId}`}>
          <bdi>{candidate.displayName}</bdi>
        </Title>
        <List spacing={4}>
          {reasons.map((text) => (
            <List.Item key={text}>{text}</List.Item>
          ))}
        </List>
        {warning && (
          <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />} data-testid="dst-warning">
            {intl.formatMessage(
              { id: 'find.dstWarning' },
              {
                dates: listOf(
                  warning.dates.map((d) => formatCalendarDate(d, locale)),
                  locale,
                ),
                city: city(warning.coachTimeZone),
                from: Math.abs(warning.hoursApart.from),
                to: Math.abs(warning.hoursApart.to),
              },
            )}
          </Alert>
        )}
        <Text fw={600}>
          <FormattedMessage id="find.nextTimes" />
        </Text>
        {days.map((day) => {
          const dayText = formatDay(
            new Date(slots.find((s) => localDate(new Date(s.start), me.timeZone) === day)!.start),
            me.timeZone,
            locale,
          );
          return (
            <Stack gap={6} key={day} role="group" aria-label={dayText}>
              <Text c="dimmed" fz="sm" aria-hidden>
                {dayText}
              </Text>
              {slots
                .filter((s) => localDate(new Date(s.start), me.timeZone) === day)
                .map((slot) => (
                  <Button key={slot.start} variant="light" className="slot" fullWidth onClick={() => onPick(slot, coachTimeZone)}>
                    <TimePair
                      start={new Date(slot.start)}
                      timeZone={me.timeZone}
                      coach={{ name: candidate.displayName, timeZone: coachTimeZone }}
                    />
                  </Button>
                ))}
            </Stack>
          );
        })}
      </Stack>
    </Card>
  );
}

export default function FindCoach() {
  const intl = useIntl();
  const navigate = useNavigate();
  const me = readSession()!.user;
  const queries = useQueryClient();
  const [topics, setTopics] = useState<string[]>([]);
  const [when, setWhen] = useState<When>('any');
  const [topicsError, setTopicsError] = useState<MessageId | null>(null);
  const [choice, setChoice] = useState<Choice | null>(null);
  const [bookError, setBookError] = useState<MessageId | null>(null);

  const match = useMutation({
    mutationFn: () =>
      call(
        api.POST('/v1/matches', {
          body: {
            languages: me.languages,
            topics,
            timeZone: me.timeZone,
            preferredWindows: preferredWindows(when),
            durationMinutes: 60,
            limit: 5,
            anyAcademy: false,
            book: false,
          },
        }),
      ),
  });

  const book = useMutation({
    mutationFn: (c: Choice) => {
      const shared = c.candidate.reasons.find((r) => r.code === 'shared_language');
      const covered = c.candidate.reasons.find((r) => r.code === 'topics');
      const language = (shared?.code === 'shared_language' && shared.languages[0]) || me.languages[0];
      const topic = (covered?.code === 'topics' && covered.covered[0]) || topics[0];
      return call(
        api.POST('/v1/sessions', {
          body: { coachId: c.candidate.coachId, start: c.slot.start, durationMinutes: 60, topic, language },
          params: { header: { 'Idempotency-Key': c.key } },
        }),
      );
    },
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['sessions'] });
      void navigate('/sessions', { state: { notice: 'book.done' } });
    },
    onError: (error) => {
      setBookError(mapApiError(error).form ?? 'error.generic');
      if (mapApiError(error).form === 'error.slotTaken') match.mutate();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const error = checkRequired(topics);
    setTopicsError(error);
    if (!error) match.mutate();
  };

  const pick = (candidate: Candidate, slot: Slot, coachTimeZone: string | null) => {
    setBookError(null);
    setChoice({ candidate, slot, coachTimeZone, key: newIdempotencyKey() });
  };

  return (
    <Stack gap="lg">
      <Title order={1} fz={26}>
        <FormattedMessage id="find.title" />
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Checkbox.Group
            label={intl.formatMessage({ id: 'find.topics' })}
            value={topics}
            onChange={setTopics}
            error={topicsError ? intl.formatMessage({ id: topicsError }) : undefined}
            required
          >
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing={0} mt={4}>
              {TOPICS.map((topic) => (
                <Checkbox key={topic} className="choice" value={topic} label={intl.formatMessage({ id: TOPIC_LABELS[topic] })} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          <Radio.Group label={intl.formatMessage({ id: 'find.when' })} value={when} onChange={(v) => setWhen(v as When)}>
            <SimpleGrid cols={2} spacing={0} mt={4}>
              {(Object.keys(WINDOWS) as When[]).map((w) => (
                <Radio key={w} className="choice" value={w} label={intl.formatMessage({ id: WHEN_LABELS[w] })} />
              ))}
            </SimpleGrid>
          </Radio.Group>
          <Button type="submit" loading={match.isPending} leftSection={<IconSearch aria-hidden />} fullWidth>
            <FormattedMessage id="find.submit" />
          </Button>
        </Stack>
      </form>

      {match.isError && <QueryError error={match.error} onRetry={() => match.mutate()} />}
      {match.isSuccess && (
        <Stack gap="md" aria-live="polite">
          <Text fw={600}>
            {match.data.candidates.length === 0 ? (
              <FormattedMessage id="find.none" />
            ) : (
              <FormattedMessage id="find.results" values={{ count: match.data.candidates.length }} />
            )}
          </Text>
          {match.data.candidates.length === 0 && (
            <JoinWaitingList
              request={{ languages: me.languages, topics, timeZone: me.timeZone, preferredWindows: preferredWindows(when) }}
            />
          )}
          {match.data.candidates.map((candidate) => (
            <CandidateCard key={candidate.coachId} candidate={candidate} onPick={(slot, zone) => pick(candidate, slot, zone)} />
          ))}
        </Stack>
      )}

      <BookDialog
        slot={
          choice
            ? {
                start: new Date(choice.slot.start),
                timeZone: me.timeZone,
                coach: { name: choice.candidate.displayName, timeZone: choice.coachTimeZone },
              }
            : null
        }
        title={intl.formatMessage({ id: 'book.title' })}
        confirm={<FormattedMessage id="book.confirm" />}
        pending={book.isPending}
        error={bookError}
        onConfirm={() => choice && !book.isPending && book.mutate(choice)}
        onClose={() => setChoice(null)}
      />
    </Stack>
  );
}
