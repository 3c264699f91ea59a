import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { RIGHT_TO_LEFT } from '@app/i18n/locales';
import { download } from '../../api/client';
import { mapApiError, type MessageId } from '../../api/problem';
import { STATUS_LABELS, topicLabel } from '../../api/types';
import { FormError } from '../../components/FormError';
import { QueryError } from '../../components/QueryError';
import { useCityName, useLocale } from '../../i18n/I18nProvider';
import { DateRangeFields } from '../../staff/DateRange';
import { FeedbackFigures } from '../../staff/FeedbackFigures';
import { FiguresTable, monthName, numberFormat } from '../../staff/Figures';
import { monthsBack, noShowRate, type SessionReport, useMyAcademy, useSessionReport } from '../../staff/report';
import { localDate } from '../../time/format';

/** The outcomes a month is split by, with a colour each that reads on white (WCAG non-text contrast). */
const STATUSES = [
  { key: 'completed', label: STATUS_LABELS.completed, color: '#2b8a3e' },
  { key: 'booked', label: STATUS_LABELS.booked, color: '#1864ab' },
  { key: 'cancelled', label: STATUS_LABELS.cancelled, color: '#868e96' },
  { key: 'newcomerNoShow', label: STATUS_LABELS.newcomer_no_show, color: '#e8590c' },
  { key: 'coachNoShow', label: STATUS_LABELS.coach_no_show, color: '#c92a2a' },
] as const;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A chart with its title; the chart is a picture for the eyes, the table under it holds the same numbers for everyone. */
function ChartCard({ title, chart, table }: { title: string; chart: ReactNode; table: ReactNode }) {
  return (
    <Card withBorder padding="md" component="figure" m={0}>
      <Stack gap="sm">
        <Title order={2} fz={18} component="figcaption">
          {title}
        </Title>
        <div className="chart" aria-hidden="true" dir="ltr">
          <ResponsiveContainer width="100%" height="100%">
            {chart as React.ReactElement}
          </ResponsiveContainer>
        </div>
        {table}
      </Stack>
    </Card>
  );
}

function Charts({ report }: { report: SessionReport }) {
  const intl = useIntl();
  const { locale } = useLocale();
  const rtl = RIGHT_TO_LEFT.has(locale);
  const format = numberFormat(locale);
  const t = (id: string) => intl.formatMessage({ id });
  const months = report.byMonth.map((m) => ({
    ...m,
    name: monthName(m.month, locale),
    newcomerRate: noShowRate(m, 'newcomer'),
    coachRate: noShowRate(m, 'coach'),
  }));
  const topics = report.byTopic.map((row) => ({ ...row, name: t(topicLabel(row.topic)) }));
  const coaches = report.byCoach.map((row) => ({ ...row, name: row.displayName, utilisationShare: row.utilisation }));
  const percent = (v: number) => format.share(v);

  return (
    <Stack gap="md">
      <ChartCard
        title={t('coordinator.reports.byMonth')}
        chart={
          <BarChart data={months} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="name" reversed={rtl} />
            <YAxis allowDecimals={false} orientation={rtl ? 'right' : 'left'} />
            <Tooltip />
            <Legend />
            {STATUSES.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={t(s.label)} stackId="status" fill={s.color} isAnimationActive={false} />
            ))}
          </BarChart>
        }
        table={
          <FiguresTable
            testId="table-by-month"
            caption={t('coordinator.reports.byMonth')}
            head={[t('coordinator.reports.month'), ...STATUSES.map((s) => t(s.label)), t('coordinator.reports.sessions')]}
            rows={months.map((m) => ({
              key: m.month,
              cells: [m.name, ...STATUSES.map((s) => format.count(m[s.key])), format.count(m.sessions)],
            }))}
          />
        }
      />
      <ChartCard
        title={t('coordinator.reports.byTopic')}
        chart={
          <BarChart data={topics} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="name" reversed={rtl} />
            <YAxis allowDecimals={false} orientation={rtl ? 'right' : 'left'} />
            <Tooltip />
            <Bar dataKey="sessions" name={t('coordinator.reports.sessions')} fill="#1864ab" isAnimationActive={false} />
          </BarChart>
        }
        table={
          <FiguresTable
            testId="table-by-topic"
            caption={t('coordinator.reports.byTopic')}
            head={[t('coordinator.reports.topic'), t('coordinator.reports.sessions')]}
            rows={topics.map((row) => ({ key: row.topic, cells: [row.name, format.count(row.sessions)] }))}
          />
        }
      />
      <ChartCard
        title={t('coordinator.reports.noShow')}
        chart={
          <LineChart data={months} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="name" reversed={rtl} />
            <YAxis tickFormatter={percent} domain={[0, 1]} orientation={rtl ? 'right' : 'left'} />
            <Tooltip formatter={(v) => percent(Number(v))} />
            <Legend />
            <Line
              dataKey="newcomerRate"
              name={t('coordinator.reports.newcomerNoShowRate')}
              stroke="#e8590c"
              strokeWidth={2}
              connectNulls
              isAnimationActive={false}
            />
            <Line
              dataKey="coachRate"
              name={t('coordinator.reports.coachNoShowRate')}
              stroke="#c92a2a"
              strokeWidth={2}
              strokeDasharray="6 3"
              connectNulls
              isAnimationActive={false}
            />
          </LineChart>
        }
        table={
          <FiguresTable
            testId="table-no-show"
            caption={t('coordinator.reports.noShow')}
            head={[t('coordinator.reports.month'), t('coordinator.reports.newcomerNoShowRate'), t('coordinator.reports.coachNoShowRate')]}
            rows={months.map((m) => ({ key: m.month, cells: [m.name, format.share(m.newcomerRate), format.share(m.coachRate)] }))}
          />
        }
      />
      <ChartCard
        title={t('coordinator.reports.utilisation')}
        chart={
          <BarChart data={coaches} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="name" reversed={rtl} />
            <YAxis tickFormatter={percent} orientation={rtl ? 'right' : 'left'} />
            <Tooltip formatter={(v) => percent(Number(v))} />
            <Bar dataKey="utilisationShare" name={t('coordinator.reports.utilisation')} fill="#5f3dc4" isAnimationActive={false} />
          </BarChart>
        }
        table={
          <FiguresTable
            testId="table-utilisation"
            caption={t('coordinator.reports.utilisation')}
            head={[
              t('coordinator.reports.coach'),
              t('coordinator.reports.sessions'),
              t('coordinator.reports.bookedHours'),
              t('coordinator.reports.offeredHours'),
              t('coordinator.reports.utilisation'),
            ]}
            rows={coaches.map((row) => ({
              key: row.coachId,
              cells: [
                <bdi key="name">{row.name}</bdi>,
                format.count(row.sessions),
                format.count(row.bookedHours),
                format.count(row.offeredHours),
                format.share(row.utilisation),
              ],
            }))}
          />
        }
      />
      <ChartCard
        title={t('coordinator.reports.returning')}
        chart={
          <BarChart
            data={[{ name: '', served: report.newcomers.served, returning: report.newcomers.returning }]}
            layout="vertical"
            accessibilityLayer={false}
          >
            <XAxis type="number" allowDecimals={false} reversed={rtl} />
            <YAxis type="category" dataKey="name" hide />
            <Tooltip />
            <Legend />
            <Bar dataKey="served" name={t('coordinator.reports.served')} fill="#1864ab" isAnimationActive={false} />
            <Bar dataKey="returning" name={t('coordinator.reports.returningCount')} fill="#2b8a3e" isAnimationActive={false} />
          </BarChart>
        }
        table={
          <FiguresTable
            testId="table-returning"
            caption={t('coordinator.reports.returning')}
            head={[t('coordinator.reports.returning'), '#']}
            rows={[
              { key: 'served', cells: [t('coordinator.reports.served'), format.count(report.newcomers.served)] },
              { key: 'returning', cells: [t('coordinator.reports.returningCount'), format.count(report.newcomers.returning)] },
              { key: 'share', cells: [t('coordinator.reports.returningShare'), format.share(report.newcomers.returningShare)] },
            ]}
          />
        }
      />
    </Stack>
  );
}

/** The academy's figures over a period chosen in the academy's zone, drawn and tabled, with the same period as CSV. */
export default function Reports() {
  const intl = useIntl();
  const city = useCityName();
  const academy = useMyAcademy();
  const zone = academy.data?.timeZone ?? null;
  const [period, setPeriod] = useState<{ from: string; to: string } | null>(null);
  const [draft, setDraft] = useState<{ from: string; to: string } | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [csvError, setCsvError] = useState<MessageId | null>(null);
  const chosen = period ?? (zone ? { from: monthsBack(zone, 5), to: localDate(new Date(), zone) } : null);
  const form = draft ?? chosen;
  const report = useSessionReport(chosen?.from ?? '', chosen?.to ?? '', chosen !== null);
  const csv = useMutation({
    mutationFn: (p: { from: string; to: string }) =>
      download(`/v1/reports/sessions.csv?from=${p.from}&to=${p.to}`, `sessions-${p.from}-${p.to}.csv`),
    onError: (e) => setCsvError(mapApiError(e).form ?? 'error.generic'),
  });

  if (academy.isError) return <QueryError error={academy.error} onRetry={() => academy.refetch()} />;
  if (!form || !chosen) return null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!ISO_DATE.test(form.from)) errors.from = 'error.invalid';
    if (!ISO_DATE.test(form.to)) errors.to = 'error.invalid';
    if (!errors.from && !errors.to && form.to < form.from) errors.to = 'coordinator.reports.toAfterFrom';
    setFieldErrors(errors);
    if (Object.keys(errors).length === 0) setPeriod(form);
  };
  // The API names the wrong date when the period is refused (longer than a year, say).
  const apiFields = report.isError ? mapApiError(report.error).fields : {};
  const errorOf = (field: 'from' | 'to') => {
    const id = fieldErrors[field] ?? apiFields[field];
    return id ? intl.formatMessage({ id }) : undefined;
  };

  return (
    <Stack gap="lg">
      <Title order={1} fz={26}>
        <FormattedMessage id="coordinator.reports.title" />
      </Title>
      <form onSubmit={submit} noValidate aria-label={intl.formatMessage({ id: 'coordinator.reports.period' })}>
        <Stack gap="sm">
          <Text>{zone && <FormattedMessage id="coordinator.reports.zone" values={{ city: <bdi>{city(zone)}</bdi> }} />}</Text>
          <DateRangeFields
            from={form.from}
            to={form.to}
            onFrom={(from) => setDraft({ ...form, from })}
            onTo={(to) => setDraft({ ...form, to })}
            errorOf={errorOf}
          />
          <Group grow wrap="wrap">
            <Button type="submit" size="md" miw={150}>
              <FormattedMessage id="coordinator.reports.show" />
            </Button>
            <Button
              variant="outline"
              color="blue.9"
              size="md"
              miw={150}
              leftSection={<IconDownload size={20} aria-hidden />}
              onClick={() => csv.mutate(chosen)}
              loading={csv.isPending}
            >
              <FormattedMessage id="coordinator.reports.csv" />
            </Button>
          </Group>
          <FormError id={csvError} />
        </Stack>
      </form>
      {report.isError && Object.keys(apiFields).length === 0 && <QueryError error={report.error} onRetry={() => report.refetch()} />}
      {report.data && (
        <Text fw={700} role="status">
          <FormattedMessage id="coordinator.reports.total" values={{ count: report.data.totals.sessions }} />
        </Text>
      )}
      {report.data && <Charts report={report.data} />}
      <FeedbackFigures from={chosen.from} to={chosen.to} />
    </Stack>
  );
}
