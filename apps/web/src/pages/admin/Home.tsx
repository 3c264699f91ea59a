import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { FormattedMessage, useIntl } from 'react-intl';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { QueryError } from '../../components/QueryError';
import { useCityName, useLocale } from '../../i18n/I18nProvider';
import { numberFormat } from '../../staff/Figures';
import { monthToDate } from '../../staff/report';
import { formatCalendarDate } from '../../time/format';

type Academy = components['schemas']['AcademyResponse'];

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Card withBorder padding="sm">
      <Text fz="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={24} fw={700} data-testid={testId}>
        {value}
      </Text>
    </Card>
  );
}

/** One academy's month so far, read in the academy's own zone. */
function AcademyMonth({ academy }: { academy: Academy }) {
  const intl = useIntl();
  const { locale } = useLocale();
  const city = useCityName();
  const format = numberFormat(locale);
  const { from, to } = monthToDate(academy.timeZone);
  const report = useQuery({
    queryKey: ['report', academy.id, from, to],
    queryFn: () => call(api.GET('/v1/reports/sessions', { params: { query: { academyId: academy.id, from, to } } })),
  });
  const t = (id: string) => intl.formatMessage({ id });
  const titleId = `academy-${academy.slug}`;

  return (
    <Card withBorder padding="md" component="section" aria-labelledby={titleId} data-testid={`academy-${academy.slug}`}>
      <Stack gap="xs">
        <Title order={2} fz={20} id={titleId}>
          <bdi>{academy.name}</bdi>
        </Title>
        <Text c="dimmed">
          <FormattedMessage
            id="admin.home.period"
            values={{
              from: formatCalendarDate(from, locale),
              to: formatCalendarDate(to, locale),
              city: <bdi>{city(academy.timeZone)}</bdi>,
            }}
          />
        </Text>
        {report.isError && <QueryError error={report.error} onRetry={() => report.refetch()} />}
        {report.data && (
          <SimpleGrid cols={2} spacing="xs">
            <Figure label={t('coordinator.reports.sessions')} value={format.count(report.data.totals.sessions)} testId="sessions" />
            <Figure
              label={t('coordinator.reports.newcomerNoShowRate')}
              value={format.share(report.data.noShow.newcomerRate)}
              testId="newcomer-no-show"
            />
            <Figure
              label={t('coordinator.reports.coachNoShowRate')}
              value={format.share(report.data.noShow.coachRate)}
              testId="coach-no-show"
            />
            <Figure label={t('coordinator.home.utilisation')} value={format.share(report.data.totals.utilisation)} testId="utilisation" />
          </SimpleGrid>
        )}
      </Stack>
    </Card>
  );
}

/** An admin's first page: both academies' month so far, side by side. */
export default function AdminHome() {
  const academies = useQuery({ queryKey: ['academies'], queryFn: () => call(api.GET('/v1/academies')) });
  return (
    <Stack gap="lg">
      <Title order={1} fz={26}>
        <FormattedMessage id="admin.home.title" />
      </Title>
      {academies.isError && <QueryError error={academies.error} onRetry={() => academies.refetch()} />}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        {academies.data?.map((academy) => (
          <AcademyMonth key={academy.id} academy={academy} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
