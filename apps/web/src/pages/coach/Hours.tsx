import { ActionIcon, Button, Card, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { IconDeviceFloppy, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { type AppLocale, intlTag } from '@app/i18n/locales';
import { api, call } from '../../api/client';
import { ApiError, mapApiError, type MessageId } from '../../api/problem';
import type { components } from '../../api/schema';
import { readSession } from '../../auth/session';
import { Done } from '../../components/Done';
import { FormError } from '../../components/FormError';
import { QueryError } from '../../components/QueryError';
import { PageSection } from '../../components/Sections';
import { TimePair } from '../../components/TimePair';
import { useCityName, useLocale } from '../../i18n/I18nProvider';
import { PauseCoach } from '../../staff/PauseCoach';
import { formatDay, localDate } from '../../time/format';
import { ENDS, Exceptions, STARTS } from './Exceptions';

type Rule = components['schemas']['WeeklyRuleDto'];
interface Row extends Rule {
  /** Stable key of the row while it is edited. */
  key: number;
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
/** The cities newcomers of the two academies live in: the preview shows the week as each of them sees it. */
export const PREVIEW_ZONES = ['Europe/Rome', 'Europe/Belgrade'] as const;
const PREVIEW_DAYS = 14;

/** The weekday's name in the reader's language: 1 January 2024 was a Monday. */
function weekdayName(weekday: number, locale: AppLocale): string {
  return new Intl.DateTimeFormat(intlTag(locale), { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, weekday)));
}

/** A date of the calendar plus some days, as YYYY-MM-DD. */
function plusDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

let nextKey = 0;
const withKey = (rule: Rule): Row => ({ ...rule, key: nextKey++ });

/** The hours of a new row on a day: after the day's last interval when there is room, else the morning. */
function freeHours(rows: Row[], weekday: number): Rule {
  const last = rows
    .filter((r) => r.weekday === weekday)
    .sort((a, b) => a.end.localeCompare(b.end))
    .at(-1);
  if (!last) return { weekday, start: '09:00', end: '12:00' };
  const start = last.end >= '23:00' ? '09:00' : last.end;
  const end = ENDS.find((e) => e > start && e >= `${String(Number(start.slice(0, 2)) + 1).padStart(2, '0')}${start.slice(2)}`) ?? '24:00';
  return { weekday, start, end };
}

/** Interval end must come after its start; overlapping intervals of a day are refused by the API with the field named. */
function localErrors(rows: Row[]): Record<number, string> {
  const errors: Record<number, string> = {};
  for (const row of rows) if (row.end <= row.start) errors[row.key] = 'coach.hours.endAfterStart';
  return errors;
}

function Preview({
  coachId,
  zone,
  coachZone,
  coachName,
  version,
}: {
  coachId: string;
  zone: string;
  coachZone: string;
  coachName: string;
  version: number;
}) {
  const intl = useIntl();
  const { locale } = useLocale();
  const city = useCityName();
  const from = localDate(new Date(), zone);
  const to = plusDays(from, PREVIEW_DAYS - 1);
  const slots = useQuery({
    queryKey: ['preview', coachId, zone, from, version],
    queryFn: () => call(api.GET('/v1/slots', { params: { query: { coachId, from, to, timeZone: zone } } })),
  });
  const days = useMemo(() => {
    const byDay = new Map<string, Date[]>();
    for (const slot of slots.data?.slots ?? []) {
      const start = new Date(slot.start);
      const day = localDate(start, zone);
      byDay.set(day, [...(byDay.get(day) ?? []), start]);
    }
    return [...byDay.entries()];
  }, [slots.data, zone]);
  const title = intl.formatMessage({ id: 'coach.preview.city' }, { city: city(zone) });

  return (
    <Card withBorder component="section" aria-label={title} data-testid={`preview-${zone}`} padding="md">
      <Stack gap="xs">
        <Title order={3} fz={18}>
          {title}
        </Title>
        {slots.isError && <QueryError error={slots.error} onRetry={() => slots.refetch()} />}
        {slots.isSuccess && days.length === 0 && (
          <Text c="dimmed">
            <FormattedMessage id="coach.preview.empty" />
          </Text>
        )}
        {days.map(([day, starts]) => (
          <Stack gap={2} key={day}>
            <Text fw={700}>{formatDay(starts[0], zone, locale)}</Text>
            <ul className="plain-list">
              {starts.map((start) => (
                <li key={start.toISOString()}>
                  <time dateTime={start.toISOString()}>
                    <TimePair start={start} timeZone={zone} coach={{ name: coachName, timeZone: coachZone }} />
                  </time>
                </li>
              ))}
            </ul>
          </Stack>
        ))}
      </Stack>
    </Card>
  );
}

/** The coach's week: weekly hours in the coach's own zone, and what newcomers in Rome and Belgrade are offered from them. */
export default function Hours() {
  const intl = useIntl();
  const { locale } = useLocale();
  const city = useCityName();
  const queries = useQueryClient();
  const me = readSession()!.user;
  const [rows, setRows] = useState<Row[] | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<number, string>>({});
  const [formError, setFormError] = useState<MessageId | null>(null);
  const [version, setVersion] = useState(0);

  const availability = useQuery({
    queryKey: ['availability', me.id],
    queryFn: () => call(api.GET('/v1/coaches/{id}/availability', { params: { path: { id: me.id } } })),
  });
  useEffect(() => {
    if (availability.data && rows === null) setRows(availability.data.weekly.map(withKey));
  }, [availability.data, rows]);
  const zone = availability.data?.timeZone ?? me.timeZone;
  const profile = useQuery({
    queryKey: ['coach', me.id],
    queryFn: () => call(api.GET('/v1/coaches/{id}', { params: { path: { id: me.id } } })),
  });

  const save = useMutation({
    mutationFn: (weekly: Rule[]) =>
      call(api.PUT('/v1/coaches/{id}/availability', { params: { path: { id: me.id } }, body: { timeZone: zone, weekly } })),
    onSuccess: () => {
      setVersion((v) => v + 1);
      return queries.invalidateQueries({ queryKey: ['availability', me.id] });
    },
    onError: (error, weekly) => {
      // "weekly[3].end" names the row that was sent fourth.
      const errors: Record<number, string> = {};
      const sent = rows ?? [];
      for (const { field } of error instanceof ApiError ? (error.problem.errors ?? []) : []) {
        const index = /^weekly\[(\d+)\]/.exec(field)?.[1];
        if (index !== undefined && sent[Number(index)] && weekly[Number(index)]) errors[sent[Number(index)].key] = 'error.invalid';
      }
      setFieldErrors(errors);
      setFormError(Object.keys(errors).length > 0 ? null : (mapApiError(error).form ?? 'error.generic'));
    },
  });

  if (availability.isError) return <QueryError error={availability.error} onRetry={() => availability.refetch()} />;
  if (!rows) return null;

  const update = (key: number, change: Partial<Rule>) => {
    save.reset();
    setRows(rows.map((r) => (r.key === key ? { ...r, ...change } : r)));
  };
  const add = (weekday: number) => {
    save.reset();
    setRows([...rows, withKey(freeHours(rows, weekday))]);
  };
  const remove = (key: number) => {
    save.reset();
    setRows(rows.filter((r) => r.key !== key));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const errors = localErrors(rows);
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    save.mutate(rows.map(({ weekday, start, end }) => ({ weekday, start, end })));
  };

  return (
    <Stack gap="lg">
      <Title order={1} fz={26}>
        <FormattedMessage id="coach.hours.title" />
      </Title>
      {profile.data && (
        <Card withBorder padding="md" component="section" aria-labelledby="status-title">
          <Stack gap="xs">
            <Title order={2} fz={20} id="status-title">
              <FormattedMessage id="coach.status.title" />
            </Title>
            <PauseCoach coach={profile.data} />
          </Stack>
        </Card>
      )}
      <Text>
        <FormattedMessage id="coach.hours.zone" values={{ city: <bdi>{city(zone)}</bdi> }} />
      </Text>
      <form onSubmit={submit} noValidate aria-label={intl.formatMessage({ id: 'coach.hours.title' })}>
        <Stack gap="sm">
          {WEEKDAYS.map((weekday) => {
            const day = weekdayName(weekday, locale);
            const dayRows = rows.filter((r) => r.weekday === weekday).sort((a, b) => a.start.localeCompare(b.start));
            return (
              <Card withBorder padding="sm" component="fieldset" key={weekday} className="weekday" data-weekday={weekday}>
                <Text component="legend" fw={700}>
                  {day}
                </Text>
                <Stack gap="xs">
                  {dayRows.length === 0 && (
                    <Text c="dimmed" fz="sm">
                      <FormattedMessage id="coach.hours.none" />
                    </Text>
                  )}
                  {dayRows.map((row) => {
                    const errorId = `hours-error-${row.key}`;
                    const error = fieldErrors[row.key];
                    return (
                      <Stack gap={4} key={row.key}>
                        <Group gap="xs" wrap="nowrap" align="flex-end">
                          <NativeSelect
                            size="md"
                            label={intl.formatMessage({ id: 'coach.hours.from' })}
                            aria-label={intl.formatMessage({ id: 'coach.hours.fromOn' }, { day })}
                            value={row.start}
                            data={STARTS}
                            onChange={(e) => update(row.key, { start: e.currentTarget.value })}
                            error={Boolean(error)}
                            aria-describedby={error ? errorId : undefined}
                            style={{ flex: 1 }}
                          />
                          <NativeSelect
                            size="md"
                            label={intl.formatMessage({ id: 'coach.hours.until' })}
                            aria-label={intl.formatMessage({ id: 'coach.hours.untilOn' }, { day })}
                            value={row.end}
                            data={ENDS}
                            onChange={(e) => update(row.key, { end: e.currentTarget.value })}
                            error={Boolean(error)}
                            aria-describedby={error ? errorId : undefined}
                            style={{ flex: 1 }}
                          />
                          <ActionIcon
                            size={44}
                            variant="light"
                            color="red"
                            aria-label={intl.formatMessage({ id: 'coach.hours.remove' }, { day, from: row.start, until: row.end })}
                            onClick={() => remove(row.key)}
                          >
                            <IconTrash size={20} aria-hidden />
                          </ActionIcon>
                        </Group>
                        {error && (
                          <Text c="var(--mantine-color-error)" fz="sm" id={errorId} role="alert">
                            <FormattedMessage id={error} />
                          </Text>
                        )}
                      </Stack>
                    );
                  })}
                  <Button
                    variant="subtle"
                    size="md"
                    mih={44}
                    leftSection={<IconPlus size={20} aria-hidden />}
                    onClick={() => add(weekday)}
                    aria-label={intl.formatMessage({ id: 'coach.hours.addOn' }, { day })}
                    style={{ alignSelf: 'flex-start' }}
                  >
                    <FormattedMessage id="coach.hours.add" />
                  </Button>
                </Stack>
              </Card>
            );
          })}
          <FormError id={formError} />
          {save.isSuccess && (
            <Done>
              <FormattedMessage id="coach.hours.saved" />
            </Done>
          )}
          <Button type="submit" size="md" loading={save.isPending} leftSection={<IconDeviceFloppy aria-hidden />} fullWidth>
            <FormattedMessage id="coach.hours.save" />
          </Button>
        </Stack>
      </form>
      <Exceptions
        coachId={me.id}
        zone={zone}
        overrides={availability.data?.overrides ?? []}
        timeOff={availability.data?.timeOff ?? []}
        onChange={() => setVersion((v) => v + 1)}
      />
      <PageSection id="preview-title" title={<FormattedMessage id="coach.preview.title" values={{ days: PREVIEW_DAYS }} />}>
        {PREVIEW_ZONES.map((previewZone) => (
          <Preview key={previewZone} coachId={me.id} zone={previewZone} coachZone={zone} coachName={me.displayName} version={version} />
        ))}
      </PageSection>
    </Stack>
  );
}
