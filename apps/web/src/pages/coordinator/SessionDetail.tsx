import { Badge, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { FormattedMessage, useIntl } from 'react-intl';
import { useParams } from 'react-router';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { STATUS_LABELS, topicLabel } from '../../api/types';
import { readSession } from '../../auth/session';
import { QueryError } from '../../components/QueryError';
import { PageSection, ScrollTable } from '../../components/Sections';
import { TimePair, useTimePair } from '../../components/TimePair';
import { useLocale } from '../../i18n/I18nProvider';
import { languageName } from '../../i18n/names';
import { formatDay } from '../../time/format';

type Notification = components['schemas']['NotificationResponse'];

/** Catalogue keys, written out so the catalogue test sees each in use. */
const KIND_LABELS: Record<Notification['kind'], string> = {
  confirmation: 'coordinator.session.kind.confirmation',
  reminder: 'coordinator.session.kind.reminder',
  reschedule: 'coordinator.session.kind.reschedule',
  cancellation: 'coordinator.session.kind.cancellation',
  follow_up: 'coordinator.session.kind.follow_up',
  feedback_request: 'coordinator.session.kind.feedback_request',
  concern_alert: 'coordinator.session.kind.concern_alert',
};
const STATE_LABELS: Record<Notification['state'], string> = {
  sent: 'coordinator.session.state.sent',
  failed: 'coordinator.session.state.failed',
  skipped: 'coordinator.session.state.skipped',
  pending: 'coordinator.session.state.pending',
  queued: 'coordinator.session.state.queued',
};
const STATE_COLOURS: Record<Notification['state'], string> = {
  sent: 'teal.9',
  failed: 'red.9',
  skipped: 'gray.7',
  pending: 'blue.9',
  queued: 'blue.9',
};

/** One session for a coordinator: what it is, what happened to it, and whether each message reached its reader. */
export default function SessionDetail() {
  const { id = '' } = useParams();
  const intl = useIntl();
  const { locale } = useLocale();
  const pair = useTimePair();
  const me = readSession()!.user;
  const session = useQuery({ queryKey: ['session', id], queryFn: () => call(api.GET('/v1/sessions/{id}', { params: { path: { id } } })) });
  const notifications = useQuery({
    queryKey: ['session', id, 'notifications'],
    queryFn: () => call(api.GET('/v1/sessions/{id}/notifications', { params: { path: { id } } })),
  });
  const history = useQuery({
    queryKey: ['session', id, 'history'],
    queryFn: () => call(api.GET('/v1/audit-log', { params: { query: { entityType: 'session', entityId: id, limit: 50 } } })),
  });
  const t = (key: string) => intl.formatMessage({ id: key });

  if (session.isError) return <QueryError error={session.error} onRetry={() => session.refetch()} />;
  if (!session.data) return null;
  const s = session.data;
  const start = new Date(s.start);
  const when = (iso: string | null | undefined) =>
    iso ? `${formatDay(new Date(iso), me.timeZone, locale)} · ${pair({ start: new Date(iso), timeZone: me.timeZone })}` : '–';

  return (
    <Stack gap="lg">
      <Title order={1} fz={26}>
        <FormattedMessage id="coordinator.session.title" />
      </Title>
      <Card withBorder padding="md">
        <Stack gap={4}>
          <Text fw={700}>{formatDay(start, me.timeZone, locale)}</Text>
          <Text>
            <TimePair start={start} timeZone={me.timeZone} />
          </Text>
          <Text>
            {t(topicLabel(s.topic))} · {languageName(s.language, locale)} · <bdi>{s.newcomer.displayName}</bdi> ·{' '}
            <bdi>{s.coach.displayName}</bdi>
          </Text>
          <Badge color={s.status === 'completed' ? 'teal.9' : 'gray.7'}>{t(STATUS_LABELS[s.status])}</Badge>
          {s.consentRecordedAt && (
            <Text fz="sm">
              <FormattedMessage id="coordinator.session.consent" values={{ when: when(s.consentRecordedAt) }} />
            </Text>
          )}
        </Stack>
      </Card>
      <PageSection id="notifications-title" title={<FormattedMessage id="coordinator.session.notifications" />} load={notifications}>
        <ScrollTable
          label={{ titleId: 'notifications-title' }}
          testId="notifications"
          minWidth={560}
          columns={[
            t('coordinator.session.message'),
            t('coordinator.session.to'),
            t('coordinator.session.state'),
            t('coordinator.session.reason'),
          ]}
        >
          {(notifications.data?.items ?? []).map((n) => (
            <Table.Tr key={n.id} data-state={n.state}>
              <Table.Th scope="row" fw={400}>
                {t(KIND_LABELS[n.kind])}
              </Table.Th>
              <Table.Td>{t(n.recipientRole === 'coach' ? 'coordinator.reports.coach' : 'coordinator.book.newcomer')}</Table.Td>
              <Table.Td>
                <Badge color={STATE_COLOURS[n.state]}>{t(STATE_LABELS[n.state])}</Badge>
              </Table.Td>
              <Table.Td>
                <bdi>{n.lastError ?? (n.sentAt ? when(n.sentAt) : '–')}</bdi>
              </Table.Td>
            </Table.Tr>
          ))}
        </ScrollTable>
      </PageSection>
      <PageSection id="history-title" title={<FormattedMessage id="coordinator.session.history" />} load={history}>
        <ol className="plain-list" data-testid="history">
          {(history.data?.items ?? []).map((entry) => (
            <li key={entry.id}>
              <Text fz="sm">
                {when(entry.at)} · <code>{entry.action}</code>
              </Text>
            </li>
          ))}
        </ol>
      </PageSection>
    </Stack>
  );
}
