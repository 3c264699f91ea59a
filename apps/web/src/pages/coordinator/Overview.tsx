import { Badge, Button, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconClipboardCheck, IconListCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { topicLabel } from '../../api/types';
import { readSession } from '../../auth/session';
import { PageSection } from '../../components/Sections';
import { TimePair } from '../../components/TimePair';
import { useLocale } from '../../i18n/I18nProvider';
import { numberFormat } from '../../staff/Figures';
import { monthToDate, type SessionReport, useMyAcademy, useSessionReport } from '../../staff/report';
import { formatDay } from '../../time/format';
import { useDemandReport, useNeedText } from '../../waiting-list/demand';

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Card withBorder padding="sm">
      <Text fz="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={24} fw={700}>
        {value}
      </Text>
    </Card>
  );
}

function CoachRanking({ titleId, coaches, testId }: { titleId: string; coaches: SessionReport['byCoach']; testId: string }) {
  const intl = useIntl();
  const { locale } = useLocale();
  const format = numberFormat(locale);
  return (
    <Card withBorder padding="md" component="section" aria-label={intl.formatMessage({ id: titleId })}>
      <Title order={3} fz={18} mb="xs">
        <FormattedMessage id={titleId} />
      </Title>
      <ol className="plain-list" data-testid={testId}>
        {coaches.map((c) => (
          <li key={c.coachId}>
            <FormattedMessage
              id="coordinator.home.coachSessions"
              values={{ name: <bdi>{c.displayName}</bdi>, count: format.count(c.sessions) }}
            />
          </li>
        ))}
      </ol>
    </Card>
  );
}

/** A coordinator's first page: what waits for them, and how this month goes. */
export default function Overview() {
  const intl = useIntl();
  const { locale } = useLocale();
  const me = readSession()!.user;
  const format = numberFormat(locale);
  const academy = useMyAcademy();
  const period = academy.data ? monthToDate(academy.data.timeZone) : null;
  const report = useSessionReport(period?.from ?? '', period?.to ?? '', period !== null);
  const attention = useQuery({
    queryKey: ['sessions', 'needs-attention'],
    queryFn: () => call(api.GET('/v1/sessions/needs-attention', { params: { query: { limit: 20 } } })),
  });
  const t = (id: string) => intl.formatMessage({ id });
  const demand = useDemandReport();
  const needText = useNeedText();
  const unmet = (demand.data?.academies[0]?.needs ?? []).filter((n) => n.open > 0).slice(0, 3);

  const ranked = [...(report.data?.byCoach ?? [])].sort((a, b) => a.sessions - b.sessions || a.displayName.localeCompare(b.displayName));

  return (
    <Stack gap="lg">
      <Title order={1} fz={26}>
        <FormattedMessage id="coordinator.home.title" />
      </Title>
      <PageSection id="attention-title" title={<FormattedMessage id="coordinator.home.needsAttention" />} load={attention}>
        {attention.data?.items.length === 0 && (
          <Text c="dimmed">
            <FormattedMessage id="coordinator.home.needsAttentionNone" />
          </Text>
        )}
        {attention.data?.items.map((s) => (
          <Card key={s.id} withBorder padding="sm" component="article" data-testid="needs-attention" data-concern={s.concern ?? 'none'}>
            <Stack gap={4}>
              {s.concern && (
                <Badge color={s.concern === 'urgent' ? 'red.9' : 'orange.9'} variant="filled" size="lg">
                  {t(s.concern === 'urgent' ? 'report.concern.urgent' : 'report.concern.concern')}
                </Badge>
              )}
              <Text fw={700}>{formatDay(new Date(s.start), me.timeZone, locale)}</Text>
              <Text>
                <TimePair start={new Date(s.start)} timeZone={me.timeZone} />
              </Text>
              <Text c="dimmed">
                {t(topicLabel(s.topic))} · <bdi>{s.newcomer.displayName}</bdi> · <bdi>{s.coach.displayName}</bdi>
              </Text>
              {s.concern ? (
                <Button
                  variant="light"
                  color="red.9"
                  size="md"
                  mih={44}
                  component={Link}
                  to="/staff/flags"
                  leftSection={<IconAlertTriangle size={20} aria-hidden />}
                >
                  <FormattedMessage id="flags.nav" />
                </Button>
              ) : (
                <Button
                  variant="light"
                  size="md"
                  mih={44}
                  component={Link}
                  to={`/sessions/${s.id}/outcome`}
                  leftSection={<IconClipboardCheck size={20} aria-hidden />}
                >
                  <FormattedMessage id="staff.sessions.recordAttendance" />
                </Button>
              )}
            </Stack>
          </Card>
        ))}
      </PageSection>
      <PageSection id="unmet-title" title={<FormattedMessage id="coordinator.home.unmet" />} load={demand}>
        {demand.isSuccess && unmet.length === 0 && (
          <Text c="dimmed">
            <FormattedMessage id="demand.none" />
          </Text>
        )}
        {unmet.length > 0 && (
          <ol className="plain-list" data-testid="unmet-needs">
            {unmet.map((n) => (
              <li key={`${n.language}-${n.topic}`}>{needText(n)}</li>
            ))}
          </ol>
        )}
        <Button variant="light" mih={44} component={Link} to="/staff/demand" leftSection={<IconListCheck size={20} aria-hidden />}>
          <FormattedMessage id="demand.title" />
        </Button>
      </PageSection>
      <PageSection id="month-title" title={<FormattedMessage id="coordinator.home.month" />} load={report}>
        {report.data && (
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" data-testid="month-figures">
            <Figure label={t('coordinator.reports.sessions')} value={format.count(report.data.totals.sessions)} />
            <Figure label={t('coordinator.reports.newcomerNoShowRate')} value={format.share(report.data.noShow.newcomerRate)} />
            <Figure label={t('coordinator.reports.coachNoShowRate')} value={format.share(report.data.noShow.coachRate)} />
            <Figure label={t('coordinator.home.utilisation')} value={format.share(report.data.totals.utilisation)} />
          </SimpleGrid>
        )}
        {ranked.length > 0 && (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <CoachRanking titleId="coordinator.home.fewest" coaches={ranked.slice(0, 3)} testId="fewest" />
            <CoachRanking titleId="coordinator.home.most" coaches={[...ranked].reverse().slice(0, 3)} testId="most" />
          </SimpleGrid>
        )}
      </PageSection>
    </Stack>
  );
}
