import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { FormattedMessage, useIntl } from 'react-intl';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { RIGHT_TO_LEFT } from '@app/i18n/locales';
import { download } from '../api/client';
import { topicLabel } from '../api/types';
import { QueryError } from '../components/QueryError';
import { useLocale } from '../i18n/I18nProvider';
import { languageName } from '../i18n/names';
import { FiguresTable, monthName, numberFormat } from '../staff/Figures';
import { useDemandReport, useNeedText } from './demand';

/**
 * The coordinator's unmet demand: who waits for which language and topic (a chart, and the same numbers as a
 * sentence list and a table), and how many searches found no coach, per month.
 */
export default function DemandPage() {
  const intl = useIntl();
  const { locale } = useLocale();
  const rtl = RIGHT_TO_LEFT.has(locale);
  const format = numberFormat(locale);
  const t = (id: string) => intl.formatMessage({ id });
  const needText = useNeedText();
  const report = useDemandReport();
  const csv = useMutation({ mutationFn: () => download('/v1/reports/demand.csv', 'demand-report.csv') });
  const academy = report.data?.academies[0];
  const needs = academy?.needs ?? [];
  const open = needs.filter((n) => n.open > 0);
  const label = (n: { language: string; topic: string }) => `${languageName(n.language, locale)} · ${t(topicLabel(n.topic))}`;
  const chartData = open.map((n) => ({ name: label(n), open: n.open }));

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Title order={1} fz={26}>
          <FormattedMessage id="demand.title" />
        </Title>
        <Button variant="light" mih={44} leftSection={<IconDownload aria-hidden />} loading={csv.isPending} onClick={() => csv.mutate()}>
          <FormattedMessage id="coordinator.reports.csv" />
        </Button>
      </Group>
      {report.isError && <QueryError error={report.error} onRetry={() => void report.refetch()} />}
      {csv.isError && <QueryError error={csv.error} onRetry={() => csv.mutate()} />}
      {academy && (
        <>
          <Card withBorder padding="md" component="figure" m={0}>
            <Stack gap="sm">
              <Title order={2} fz={18} component="figcaption">
                <FormattedMessage id="demand.chart" />
              </Title>
              {open.length === 0 ? (
                <Text c="dimmed">
                  <FormattedMessage id="demand.none" />
                </Text>
              ) : (
                <>
                  {/* The chart is a picture for the eyes; the list and the table below say the same for everyone. */}
                  <div className="chart" aria-hidden="true" dir="ltr" data-testid="demand-chart">
                    <ResponsiveContainer width="100%" height="100%">
                      <BarChart data={chartData} layout="vertical" accessibilityLayer={false} margin={{ left: 8, right: 8 }}>
                        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                        <XAxis type="number" allowDecimals={false} reversed={rtl} />
                        <YAxis type="category" dataKey="name" width={130} orientation={rtl ? 'right' : 'left'} />
                        <Tooltip />
                        <Bar dataKey="open" name={t('demand.open')} fill="#1864ab" isAnimationActive={false} />
                      </BarChart>
                    </ResponsiveContainer>
                  </div>
                  <ul className="plain-list" data-testid="demand-needs">
                    {open.map((n) => (
                      <li key={`${n.language}-${n.topic}`}>{needText(n)}</li>
                    ))}
                  </ul>
                </>
              )}
              {needs.length > 0 && (
                <FiguresTable
                  testId="demand-table"
                  caption={t('demand.chart')}
                  head={[
                    t('demand.language'),
                    t('demand.topic'),
                    t('demand.open'),
                    t('demand.median'),
                    t('demand.longest'),
                    t('demand.offers'),
                    t('demand.bookedWeek'),
                    t('demand.bookedMonth'),
                  ]}
                  rows={needs.map((n) => ({
                    key: `${n.language}-${n.topic}`,
                    cells: [
                      languageName(n.language, locale),
                      t(topicLabel(n.topic)),
                      format.count(n.open),
                      format.count(n.medianWaitDays),
                      format.count(n.longestWaitDays),
                      format.count(n.offersMade),
                      format.count(n.bookedWithin7Days),
                      format.count(n.bookedWithin30Days),
                    ],
                  }))}
                />
              )}
            </Stack>
          </Card>
          <Card withBorder padding="md" component="section" aria-labelledby="searches-title">
            <Stack gap="sm">
              <Title order={2} fz={18} id="searches-title">
                <FormattedMessage id="demand.searches" />
              </Title>
              {academy.unmetSearches.length === 0 ? (
                <Text c="dimmed">–</Text>
              ) : (
                <FiguresTable
                  testId="demand-searches"
                  caption={t('demand.searches')}
                  head={[t('demand.month'), t('demand.language'), t('demand.topic'), t('demand.count')]}
                  rows={academy.unmetSearches.map((u) => ({
                    key: `${u.month}-${u.language}-${u.topic}`,
                    cells: [monthName(u.month, locale), languageName(u.language, locale), t(topicLabel(u.topic)), format.count(u.searches)],
                  }))}
                />
              )}
            </Stack>
          </Card>
        </>
      )}
    </Stack>
  );
}
