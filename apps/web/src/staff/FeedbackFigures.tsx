import { Card, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type ReactElement } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { RIGHT_TO_LEFT } from '@app/i18n/locales';
import { api, call } from '../api/client';
import { STATUS_LABELS, topicLabel } from '../api/types';
import { PageSection } from '../components/Sections';
import { useLocale } from '../i18n/I18nProvider';
import { FiguresTable, monthName, numberFormat } from './Figures';

/** Score colours from bad to good, each readable on white (WCAG non-text contrast). */
const SCORES = [
  { key: 's1', label: 'mail.face.veryBad', color: '#c92a2a' },
  { key: 's2', label: 'mail.face.bad', color: '#e8590c' },
  { key: 's3', label: 'mail.face.okay', color: '#868e96' },
  { key: 's4', label: 'mail.face.good', color: '#1864ab' },
  { key: 's5', label: 'mail.face.veryGood', color: '#2b8a3e' },
] as const;

const HAPPENED_LABELS: Record<string, string> = {
  yes: 'feedback.happened.yes',
  coach_absent: 'feedback.happened.coachAbsent',
  newcomer_absent: 'feedback.happened.newcomerAbsent',
};

function ChartCard({ title, chart, table }: { title: string; chart: ReactElement; table: ReactElement }) {
  return (
    <Card withBorder padding="md" component="figure" m={0}>
      <Stack gap="sm">
        <Title order={3} fz={18} component="figcaption">
          {title}
        </Title>
        {/* The chart is for the eyes; the table under it holds the same numbers for everyone. */}
        <div className="chart" aria-hidden="true" dir="ltr">
          <ResponsiveContainer width="100%" height="100%">
            {chart}
          </ResponsiveContainer>
        </div>
        {table}
      </Stack>
    </Card>
  );
}

/** The newcomers' answers, the coaches' reports and the flags of the period: charts with tables. */
export function FeedbackFigures({ from, to }: { from: string; to: string }) {
  const intl = useIntl();
  const { locale } = useLocale();
  const rtl = RIGHT_TO_LEFT.has(locale);
  const format = numberFormat(locale);
  const t = (id: string) => intl.formatMessage({ id });
  const report = useQuery({
    queryKey: ['report', 'feedback', from, to],
    queryFn: () => call(api.GET('/v1/reports/feedback', { params: { query: { from, to } } })),
  });
  const data = report.data;
  const withScores = <T extends { distribution: number[] }>(row: T) => ({
    ...row,
    s1: row.distribution[0],
    s2: row.distribution[1],
    s3: row.distribution[2],
    s4: row.distribution[3],
    s5: row.distribution[4],
  });
  const months = (data?.byMonth ?? []).map((m) => ({ ...withScores(m), name: monthName(m.month, locale) }));
  const topics = (data?.byTopic ?? []).map((row) => ({ ...withScores(row), name: t(topicLabel(row.topic)) }));
  const figureHead = [
    t('feedbackReport.requested'),
    t('feedbackReport.answered'),
    t('feedbackReport.answerRate'),
    t('feedbackReport.average'),
  ];
  const figureCells = (f: { requested: number; answered: number; answerRate: number | null; average: number | null }) => [
    format.count(f.requested),
    format.count(f.answered),
    format.share(f.answerRate),
    format.count(f.average),
  ];

  return (
    <PageSection id="feedback-figures" title={<FormattedMessage id="feedbackReport.title" />} load={report}>
      {data && (
        <Stack gap="md">
          <Text fw={700}>
            <FormattedMessage
              id="feedbackReport.summary"
              values={{
                answered: format.count(data.totals.answered),
                requested: format.count(data.totals.requested),
                average: format.count(data.totals.average),
              }}
            />
          </Text>
          <ChartCard
            title={t('feedbackReport.byMonth')}
            chart={
              <BarChart data={months} accessibilityLayer={false}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="name" reversed={rtl} />
                <YAxis allowDecimals={false} orientation={rtl ? 'right' : 'left'} />
                <Tooltip />
                <Legend />
                {SCORES.map((s) => (
                  <Bar key={s.key} dataKey={s.key} name={t(s.label)} stackId="score" fill={s.color} isAnimationActive={false} />
                ))}
              </BarChart>
            }
            table={
              <FiguresTable
                testId="table-feedback-month"
                caption={t('feedbackReport.byMonth')}
                head={[t('coordinator.reports.month'), ...figureHead, ...SCORES.map((s) => t(s.label))]}
                rows={months.map((m) => ({ key: m.month, cells: [m.name, ...figureCells(m), ...m.distribution.map(format.count)] }))}
              />
            }
          />
          <ChartCard
            title={t('feedbackReport.byTopic')}
            chart={
              <BarChart data={topics} accessibilityLayer={false}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="name" reversed={rtl} />
                <YAxis domain={[0, 5]} allowDecimals={false} orientation={rtl ? 'right' : 'left'} />
                <Tooltip />
                <Bar dataKey="average" name={t('feedbackReport.average')} fill="#1864ab" isAnimationActive={false} />
              </BarChart>
            }
            table={
              <FiguresTable
                testId="table-feedback-topic"
                caption={t('feedbackReport.byTopic')}
                head={[t('coordinator.reports.topic'), ...figureHead]}
                rows={topics.map((row) => ({ key: row.topic, cells: [row.name, ...figureCells(row)] }))}
              />
            }
          />
          <ChartCard
            title={t('feedbackReport.progress')}
            chart={
              <BarChart
                data={(['none', 'some', 'good'] as const).map((p) => ({ name: t(`report.progress.${p}`), count: data.progress[p] }))}
                accessibilityLayer={false}
              >
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="name" reversed={rtl} />
                <YAxis allowDecimals={false} orientation={rtl ? 'right' : 'left'} />
                <Tooltip />
                <Bar dataKey="count" name={t('coordinator.reports.sessions')} fill="#2b8a3e" isAnimationActive={false} />
              </BarChart>
            }
            table={
              <FiguresTable
                testId="table-feedback-progress"
                caption={t('feedbackReport.progress')}
                head={[t('report.progress'), t('coordinator.reports.sessions')]}
                rows={(['none', 'some', 'good'] as const).map((p) => ({
                  key: p,
                  cells: [t(`report.progress.${p}`), format.count(data.progress[p])],
                }))}
              />
            }
          />
          <FiguresTable
            testId="table-feedback-happened"
            caption={t('feedbackReport.happened')}
            head={[t('feedback.happened'), t('feedbackReport.recorded'), t('coordinator.reports.sessions')]}
            rows={data.happened.map((h) => ({
              key: `${h.happened}:${h.status}`,
              cells: [
                t(HAPPENED_LABELS[h.happened]),
                t(STATUS_LABELS[h.status as keyof typeof STATUS_LABELS] ?? 'error.generic'),
                format.count(h.sessions),
              ],
            }))}
          />
          <FiguresTable
            testId="table-feedback-flags"
            caption={t('feedbackReport.flags')}
            head={[t('report.concern'), t('feedbackReport.raised'), t('feedbackReport.closed')]}
            rows={(['urgent', 'concern'] as const).map((level) => ({
              key: level,
              cells: [t(`report.concern.${level}`), format.count(data.flags.raised[level]), format.count(data.flags.closed[level])],
            }))}
          />
          <FiguresTable
            testId="table-feedback-returning"
            caption={t('coordinator.reports.returning')}
            head={[t('coordinator.reports.returning'), '#']}
            rows={[
              { key: 'served', cells: [t('coordinator.reports.served'), format.count(data.newcomers.served)] },
              { key: 'returning', cells: [t('coordinator.reports.returningCount'), format.count(data.newcomers.returning)] },
            ]}
          />
        </Stack>
      )}
    </PageSection>
  );
}
