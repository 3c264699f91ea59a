import { Alert, Box, Button, Card, Checkbox, Group, List, Radio, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconClock, IconSearch } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, type RefObject, useEffect, useRef, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useNavigate } from 'react-router';
import { api, call } from '../api/client';
import { isRefusedTime, mapApiError, type MessageId } from '../api/problem';
import type { components } from '../api/schema';
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

function CandidateCard({
  candidate,
  focusRef,
  onPick,
}: {
  candidate: Candidate;
  /** The first result takes focus once the answer is on screen. */
  focusRef?: RefObject<HTMLDivElement | null>;
  onPick: (slot: Slot, coachTimeZone: string | null) => void;
}) {
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
    <Card
      withBorder
      padding="md"
      component="article"
      aria-labelledby={`coach-${candidate.coachId}`}
      ref={focusRef}
      tabIndex={focusRef ? -1 : undefined}
      className="answer-focus"
    >
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

interface Search {
  topics: string[];
  when: When;
  /** The account's languages, and any other the newcomer says they speak when nobody speaks theirs. */
  languages: string[];
}

type Match = components['schemas']['MatchResponse'];

/**
 * No coach: why, from the API's reason, and what the newcomer can do about it
 * here and now (search in another language they speak, for a covered topic, at any time).
 */
function NoCoach({ match, search, onSearch }: { match: Match; search: Search; onSearch: (search: Search) => void }) {
  const intl = useIntl();
  const { locale } = useLocale();
  const reason = match.reason;
  const languages = (codes: string[]) =>
    listOf(
      codes.map((l) => languageName(l, locale)),
      locale,
    );
  const topics = (codes: string[]) =>
    listOf(
      codes.map((t) => intl.formatMessage({ id: topicLabel(t) })),
      locale,
    );
  let why: string;
  let next: string | null = null;
  let actions: ReactNode = null;
  if (reason?.code === 'no_shared_language') {
    const others = reason.coveredLanguages.filter((l) => !search.languages.includes(l));
    why = intl.formatMessage({ id: 'find.none.language' }, { languages: languages(search.languages) });
    if (others.length > 0) {
      next = intl.formatMessage({ id: 'find.none.language.next' }, { covered: languages(others) });
      actions = others.map((l) => (
        <Button key={l} variant="light" onClick={() => onSearch({ ...search, languages: [...search.languages, l] })}>
          {intl.formatMessage({ id: 'find.none.speaks' }, { language: languageName(l, locale) })}
        </Button>
      ));
    }
  } else if (reason?.code === 'no_topic_coach') {
    why = intl.formatMessage({ id: 'find.none.topic' }, { topics: topics(search.topics) });
    if (reason.coveredTopics.length > 0) {
      next = intl.formatMessage({ id: 'find.none.topic.next' }, { covered: topics(reason.coveredTopics) });
      actions = reason.coveredTopics.map((t) => (
        <Button key={t} variant="light" onClick={() => onSearch({ ...search, topics: [t] })}>
          {intl.formatMessage({ id: topicLabel(t) })}
        </Button>
      ));
    }
  } else if (reason?.code === 'no_free_slots_in_hours') {
    why = intl.formatMessage({ id: 'find.none.hours' });
    next = intl.formatMessage({ id: 'find.none.hours.next' });
    actions = (
      <Button variant="light" leftSection={<IconClock aria-hidden />} onClick={() => onSearch({ ...search, when: 'any' })}>
        <FormattedMessage id="find.none.anyTime" />
      </Button>
    );
  } else {
    why = intl.formatMessage({ id: 'find.none.free' });
    next = intl.formatMessage({ id: 'find.none.free.next' });
  }
  return (
    <Stack gap="sm" data-testid="no-coach" data-reason={reason?.code ?? 'none'}>
      <Text fw={600}>{why}</Text>
      {next && <Text>{next}</Text>}
      <Group gap="xs">{actions}</Group>
      {/* The waiting list (its own issue) adds its "join the waiting list" button here, for every reason. */}
    </Stack>
  );
}

export default function FindCoach() {
  const intl = useIntl();
  const navigate = useNavigate();
  const me = readSession()!.user;
  const queries = useQueryClient();
  const [topics, setTopics] = useState<string[]>([]);
  const [when, setWhen] = useState<When>('any');
  const [languages, setLanguages] = useState<string[]>(me.languages);
  const [topicsError, setTopicsError] = useState<MessageId | null>(null);
  const [choice, setChoice] = useState<Choice | null>(null);
  const [bookError, setBookError] = useState<MessageId | null>(null);
  /** A time refused when booking: said above the fresh results, which replace the stale ones. */
  const [refused, setRefused] = useState<MessageId | null>(null);
  const [lastSearch, setLastSearch] = useState<Search | null>(null);
  // Where focus and the view go once an answer is on screen: the first result, or the "no coach" message.
  const answerRef = useRef<HTMLDivElement>(null);

  const match = useMutation({
    mutationFn: (search: Search) =>
      call(
        api.POST('/v1/matches', {
          body: {
            languages: search.languages,
            topics: search.topics,
            timeZone: me.timeZone,
            preferredWindows: preferredWindows(search.when),
            durationMinutes: 60,
            limit: 5,
            anyAcademy: false,
            book: false,
          },
        }),
      ),
  });

  const run = (search: Search) => {
    setLastSearch(search);
    setTopics(search.topics);
    setWhen(search.when);
    setLanguages(search.languages);
    match.mutate(search);
  };

  useEffect(() => {
    if (!match.isSuccess || !answerRef.current) return;
    const target = answerRef.current;
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: 'start' });
  }, [match.isSuccess, match.data]);

  const book = useMutation({
    // The match says which topic and language this coach is booked with: one asked for, one they cover.
    mutationFn: (c: Choice) =>
      call(
        api.POST('/v1/sessions', {
          body: {
            coachId: c.candidate.coachId,
            start: c.slot.start,
            durationMinutes: 60,
            topic: c.candidate.topic,
            language: c.candidate.language,
          },
          params: { header: { 'Idempotency-Key': c.key } },
        }),
      ),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['sessions'] });
      void navigate('/sessions', { state: { notice: 'book.done' } });
    },
    onError: (error) => {
      const form = mapApiError(error).form ?? 'error.generic';
      if (isRefusedTime(form) && lastSearch) {
        // The offer was stale: say why, with what to do, above the times offered now.
        setChoice(null);
        setRefused(form);
        match.mutate(lastSearch);
      } else setBookError(form);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const error = checkRequired(topics);
    setTopicsError(error);
    setRefused(null);
    if (!error) run({ topics, when, languages });
  };

  const pick = (candidate: Candidate, slot: Slot, coachTimeZone: string | null) => {
    setBookError(null);
    setChoice({ candidate, slot, coachTimeZone, key: newIdempotencyKey() });
  };

  const first = match.data?.candidates[0];
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

      {match.isError && <QueryError error={match.error} onRetry={() => lastSearch && match.mutate(lastSearch)} />}
      {match.isSuccess && (
        <Stack gap="md" aria-live="polite">
          {refused && (
            <Alert color="orange" icon={<IconAlertTriangle aria-hidden />} role="alert" data-testid="refused">
              <FormattedMessage id={refused} />
            </Alert>
          )}
          {first ? (
            <>
              <Text fw={600}>
                <FormattedMessage id="find.results" values={{ count: match.data.candidates.length }} />
              </Text>
              {match.data.candidates.map((candidate) => (
                <CandidateCard
                  key={candidate.coachId}
                  candidate={candidate}
                  focusRef={candidate === first ? answerRef : undefined}
                  onPick={(slot, zone) => pick(candidate, slot, zone)}
                />
              ))}
            </>
          ) : (
            <Box ref={answerRef} tabIndex={-1} className="answer-focus" data-testid="answer">
              <NoCoach match={match.data} search={lastSearch!} onSearch={run} />
              <JoinWaitingList
                request={{
                  languages: lastSearch!.languages,
                  topics: lastSearch!.topics,
                  timeZone: me.timeZone,
                  preferredWindows: preferredWindows(lastSearch!.when),
                }}
              />
            </Box>
          )}
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
