import { Badge, Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { api, call } from '../../api/client';
import { mapApiError } from '../../api/problem';
import { topicLabel } from '../../api/types';
import { readSession } from '../../auth/session';
import { Done } from '../../components/Done';
import { FormError } from '../../components/FormError';
import { PageSection } from '../../components/Sections';
import { TimePair } from '../../components/TimePair';
import { useLocale } from '../../i18n/I18nProvider';
import { formatDay } from '../../time/format';

type Flag = Awaited<ReturnType<typeof listFlags>>['items'][number];

const listFlags = (state: 'open' | 'closed') => call(api.GET('/v1/flags', { params: { query: { state, limit: 100 } } }));

const LEVEL_LABELS: Record<Flag['level'], string> = { urgent: 'report.concern.urgent', concern: 'report.concern.concern' };

function FlagCard({ flag, me }: { flag: Flag; me: { timeZone: string } }) {
  const intl = useIntl();
  const { locale } = useLocale();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | undefined>();
  const close = useMutation({
    mutationFn: () => call(api.POST('/v1/flags/{id}/close', { params: { path: { id: flag.sessionId } }, body: { note: note.trim() } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['flags'] }),
  });
  const start = new Date(flag.sessionStart);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!note.trim()) {
      setNoteError(intl.formatMessage({ id: 'flags.noteRequired' }));
      return;
    }
    setNoteError(undefined);
    close.mutate();
  };
  const titleId = `flag-${flag.sessionId}`;
  return (
    <Card withBorder padding="md" component="article" aria-labelledby={titleId} data-testid="flag" data-level={flag.level}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Title order={3} fz={18} id={titleId}>
            <bdi>{flag.newcomer.displayName}</bdi>
          </Title>
          <Badge color={flag.level === 'urgent' ? 'red.9' : 'orange.9'} size="lg" variant="filled">
            {intl.formatMessage({ id: LEVEL_LABELS[flag.level] })}
          </Badge>
        </Group>
        <Text fw={700}>{formatDay(start, me.timeZone, locale)}</Text>
        <Text>
          <TimePair start={start} timeZone={me.timeZone} /> · {intl.formatMessage({ id: topicLabel(flag.topic) })}
        </Text>
        <Text>
          <FormattedMessage id="flags.reportedBy" values={{ coach: <bdi>{flag.coach.displayName}</bdi> }} />
        </Text>
        {flag.note && (
          <Text className="note" style={{ whiteSpace: 'pre-wrap' }}>
            <bdi>{flag.note}</bdi>
          </Text>
        )}
        {flag.closedAt ? (
          <Text c="dimmed">
            <FormattedMessage id="flags.closedWith" values={{ note: <bdi>{flag.closeNote}</bdi> }} />
          </Text>
        ) : (
          <form onSubmit={submit} noValidate>
            <Stack gap="xs">
              <Textarea
                label={intl.formatMessage({ id: 'flags.closeNote' })}
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
                autosize
                minRows={2}
                maxLength={2000}
                required
                error={noteError}
              />
              <FormError id={close.isError ? (mapApiError(close.error).form ?? 'error.generic') : null} />
              {close.isSuccess ? (
                <Done>
                  <FormattedMessage id="flags.closed" />
                </Done>
              ) : (
                <Button type="submit" loading={close.isPending} leftSection={<IconCircleCheck aria-hidden />} fullWidth>
                  <FormattedMessage id="flags.close" />
                </Button>
              )}
            </Stack>
          </form>
        )}
      </Stack>
    </Card>
  );
}

/** The academy's safeguarding flags: open ones first (urgent, then the oldest), each closed with a note. */
export default function Flags() {
  const me = readSession()!.user;
  const open = useQuery({ queryKey: ['flags', 'open'], queryFn: () => listFlags('open') });
  const closed = useQuery({ queryKey: ['flags', 'closed'], queryFn: () => listFlags('closed') });
  return (
    <Stack gap="lg">
      <Title order={1} fz={26}>
        <FormattedMessage id="flags.title" />
      </Title>
      <PageSection id="flags-open" title={<FormattedMessage id="flags.open" />} load={open}>
        {open.data?.items.length === 0 && (
          <Text c="dimmed">
            <FormattedMessage id="flags.none" />
          </Text>
        )}
        {open.data?.items.map((flag) => (
          <FlagCard key={flag.sessionId} flag={flag} me={me} />
        ))}
      </PageSection>
      <PageSection id="flags-closed" title={<FormattedMessage id="flags.closedTitle" />} load={closed}>
        {closed.data?.items.length === 0 && (
          <Text c="dimmed">
            <FormattedMessage id="flags.none" />
          </Text>
        )}
        {closed.data?.items.map((flag) => (
          <FlagCard key={flag.sessionId} flag={flag} me={me} />
        ))}
      </PageSection>
    </Stack>
  );
}
