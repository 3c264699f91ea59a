import { Badge, Button, Card, Stack, Text, Title } from '@mantine/core';
import { IconLogout2, IconSearch } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useNavigate } from 'react-router';
import { api, call } from '../api/client';
import { mapApiError, type MessageId } from '../api/problem';
import { type Candidate, newIdempotencyKey, type Slot, topicLabel } from '../api/types';
import { readSession } from '../auth/session';
import { BookDialog } from '../components/BookDialog';
import { PageSection } from '../components/Sections';
import { QueryError } from '../components/QueryError';
import { TimePair } from '../components/TimePair';
import { useLocale } from '../i18n/I18nProvider';
import { languageName, listOf } from '../i18n/names';
import { formatDay } from '../time/format';
import { STATUS_MESSAGES, type WaitingListEntry, waitingListKeys } from './waitingList';

interface Choice {
  candidate: Candidate;
  slot: Slot;
  key: string;
}

/** The coaches who fit the entry now, each with their first times: where the offer mail's link leads. */
function Offers({ entry }: { entry: WaitingListEntry }) {
  const intl = useIntl();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const me = readSession()!.user;
  const [choice, setChoice] = useState<Choice | null>(null);
  const [bookError, setBookError] = useState<MessageId | null>(null);
  const request = { languages: entry.languages, topics: entry.topics, timeZone: entry.timeZone, preferredWindows: entry.preferredWindows };
  const match = useQuery({
    queryKey: [...waitingListKeys.all, 'offers', entry.id],
    queryFn: () => call(api.POST('/v1/matches', { body: { ...request, durationMinutes: 60, limit: 3, anyAcademy: false, book: false } })),
  });
  const book = useMutation({
    mutationFn: (c: Choice) => {
      const shared = c.candidate.reasons.find((r) => r.code === 'shared_language');
      const covered = c.candidate.reasons.find((r) => r.code === 'topics');
      return call(
        api.POST('/v1/sessions', {
          body: {
            coachId: c.candidate.coachId,
            start: c.slot.start,
            durationMinutes: 60,
            topic: (covered?.code === 'topics' && covered.covered[0]) || entry.topics[0],
            language: (shared?.code === 'shared_language' && shared.languages[0]) || entry.languages[0],
          },
          params: { header: { 'Idempotency-Key': c.key } },
        }),
      );
    },
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['sessions'] });
      await queries.invalidateQueries({ queryKey: waitingListKeys.all });
      void navigate('/sessions', { state: { notice: 'book.done' } });
    },
    onError: (error) => setBookError(mapApiError(error).form ?? 'error.generic'),
  });
  return (
    <Stack gap="sm">
      {match.isError && <QueryError error={match.error} onRetry={() => void match.refetch()} />}
      {match.data?.candidates.map((candidate) => (
        <Card key={candidate.coachId} withBorder padding="md" component="article" aria-labelledby={`offer-${candidate.coachId}`}>
          <Stack gap="xs">
            <Title order={3} fz={20} id={`offer-${candidate.coachId}`}>
              <bdi>{candidate.displayName}</bdi>
            </Title>
            <Text fw={600}>
              <FormattedMessage id="find.nextTimes" />
            </Text>
            {candidate.nextSlots.slice(0, 3).map((slot) => (
              <Button
                key={slot.start}
                variant="light"
                className="slot"
                fullWidth
                onClick={() => {
                  setBookError(null);
                  setChoice({ candidate, slot, key: newIdempotencyKey() });
                }}
              >
                <TimePair start={new Date(slot.start)} timeZone={me.timeZone} />
              </Button>
            ))}
          </Stack>
        </Card>
      ))}
      <BookDialog
        slot={
          choice
            ? { start: new Date(choice.slot.start), timeZone: me.timeZone, coach: { name: choice.candidate.displayName, timeZone: null } }
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

/** A newcomer's place on the waiting list: what they asked for, until when, the coaches who fit now, and the way off it. */
export default function MyWaitingList() {
  const intl = useIntl();
  const { locale } = useLocale();
  const me = readSession()!.user;
  const queries = useQueryClient();
  const mine = useQuery({
    queryKey: waitingListKeys.mine(),
    queryFn: () => call(api.GET('/v1/waiting-list', { params: { query: { limit: 1, offset: 0 } } })),
  });
  const withdraw = useMutation({
    mutationFn: (id: string) => call(api.DELETE('/v1/waiting-list/{id}', { params: { path: { id }, query: {} } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: waitingListKeys.all }),
  });
  const entry = mine.data?.items[0];
  const open = entry && (entry.status === 'waiting' || entry.status === 'offered');
  return (
    <Stack gap="lg">
      <Title order={1} fz={26}>
        <FormattedMessage id="waitingList.title" />
      </Title>
      {mine.isError && <QueryError error={mine.error} onRetry={() => void mine.refetch()} />}
      {mine.isSuccess && !entry && (
        <Stack gap="sm">
          <Text>
            <FormattedMessage id="waitingList.none" />
          </Text>
          <Button component={Link} to="/find" variant="light" mih={44} leftSection={<IconSearch aria-hidden />}>
            <FormattedMessage id="nav.find" />
          </Button>
        </Stack>
      )}
      {entry && (
        <Card withBorder padding="md" data-testid="waiting-list-entry">
          <Stack gap="xs">
            <Badge size="lg" variant="light" color={open ? 'blue' : 'gray'} data-testid="waiting-list-status">
              {intl.formatMessage({ id: STATUS_MESSAGES[entry.status] })}
            </Badge>
            <Text>
              <FormattedMessage
                id="waitingList.asked"
                values={{
                  languages: listOf(
                    entry.languages.map((l) => languageName(l, locale)),
                    locale,
                  ),
                  topics: listOf(
                    entry.topics.map((t) => intl.formatMessage({ id: topicLabel(t) })),
                    locale,
                  ),
                }}
              />
            </Text>
            {open && (
              <Text c="dimmed">
                <FormattedMessage id="waitingList.until" values={{ date: formatDay(new Date(entry.expiresAt), me.timeZone, locale) }} />
              </Text>
            )}
          </Stack>
        </Card>
      )}
      {entry?.status === 'offered' && (
        <PageSection id="offers-title" title={<FormattedMessage id="waitingList.book" />}>
          <Offers entry={entry} />
        </PageSection>
      )}
      {withdraw.isError && <QueryError error={withdraw.error} onRetry={() => entry && withdraw.mutate(entry.id)} />}
      {withdraw.isSuccess && (
        <Text role="status">
          <FormattedMessage id="waitingList.withdrawn" />
        </Text>
      )}
      {open && (
        <Button
          variant="default"
          mih={44}
          loading={withdraw.isPending}
          onClick={() => withdraw.mutate(entry.id)}
          leftSection={<IconLogout2 aria-hidden />}
        >
          <FormattedMessage id="waitingList.withdraw" />
        </Button>
      )}
    </Stack>
  );
}
