import { ActionIcon, Button, Card, Checkbox, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { api, call } from '../../api/client';
import { ApiError, mapApiError, type MessageId } from '../../api/problem';
import type { components } from '../../api/schema';
import { FormError } from '../../components/FormError';
import { useCityName, useLocale } from '../../i18n/I18nProvider';
import { formatCalendarDate, formatDay, formatTime, localDate } from '../../time/format';
import { instantInZone } from '../../time/zoned';

type Override = components['schemas']['DateOverrideResponse'];
type TimeOff = components['schemas']['TimeOffResponse'];

/** Every quarter of an hour of the day, and 24:00 as an end: every grid step a coach may use. */
const QUARTERS = Array.from(
  { length: 97 },
  (_, i) => `${String(Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`,
);
export const STARTS = QUARTERS.slice(0, -1);
export const ENDS = QUARTERS.slice(1);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The words for the fields the API names in its problem+json, kept beside each field. */
function fieldErrors(error: unknown): Record<string, MessageId | 'coach.hours.endAfterStart'> {
  if (!(error instanceof ApiError)) return {};
  const fields: Record<string, MessageId | 'coach.hours.endAfterStart'> = {};
  for (const { field } of error.problem.errors ?? []) fields[field.split(/[.[]/)[0]] ??= 'error.invalid';
  return fields;
}

function FieldError({ id, message }: { id: string; message: MessageId | 'coach.hours.endAfterStart' | undefined }) {
  if (!message) return null;
  return (
    <Text c="var(--mantine-color-error)" fz="sm" id={id} role="alert">
      <FormattedMessage id={message} />
    </Text>
  );
}

interface MomentFieldProps {
  field: 'start' | 'end';
  dateLabel: string;
  timeLabel: string;
  date: string;
  onDate: (value: string) => void;
  time: string;
  onTime: (value: string) => void;
  times: string[];
  error: MessageId | 'coach.hours.endAfterStart' | undefined;
}

/** A date and a time of day in the coach's zone, read as one moment: one error, below both, speaks for the pair. */
function MomentField({ field, dateLabel, timeLabel, date, onDate, time, onTime, times, error }: MomentFieldProps) {
  const errorId = `time-off-${field}-error`;
  const describedBy = error ? errorId : undefined;
  return (
    <>
      <Group gap="xs" wrap="nowrap" align="flex-end">
        <TextInput
          type="date"
          size="md"
          label={dateLabel}
          value={date}
          onChange={(e) => onDate(e.currentTarget.value)}
          error={Boolean(error)}
          aria-describedby={describedBy}
          style={{ flex: 1 }}
        />
        <NativeSelect
          size="md"
          label={timeLabel}
          value={time}
          data={times}
          onChange={(e) => onTime(e.currentTarget.value)}
          error={Boolean(error)}
          aria-describedby={describedBy}
        />
      </Group>
      <FieldError id={errorId} message={error} />
    </>
  );
}

interface RemovableItemProps {
  /** The data- attributes that say which item it is, by which tests find it. */
  data: Record<`data-${string}`, string>;
  /** Names what the button removes: a screen reader hears the button alone. */
  removeLabel: string;
  removing: boolean;
  onRemove: () => void;
  children: ReactNode;
}

/** One listed change of the hours, with the button that removes it. */
function RemovableItem({ data, removeLabel, removing, onRemove, children }: RemovableItemProps) {
  return (
    <li {...data}>
      <Group gap="xs" wrap="nowrap" justify="space-between">
        {children}
        <ActionIcon size={44} variant="light" color="red" aria-label={removeLabel} loading={removing} onClick={onRemove}>
          <IconTrash size={20} aria-hidden />
        </ActionIcon>
      </Group>
    </li>
  );
}

function Section({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Title order={2} fz={20} id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}

interface Props {
  coachId: string;
  zone: string;
  overrides: Override[];
  timeOff: TimeOff[];
  /** Called after each change, so that the preview is read again. */
  onChange: () => void;
}

/** Hours for single dates, replacing the week's, in the coach's zone. */
function Overrides({ coachId, zone, overrides, onChange }: Omit<Props, 'timeOff'>) {
  const intl = useIntl();
  const { locale } = useLocale();
  const city = useCityName();
  const queries = useQueryClient();
  const [date, setDate] = useState('');
  const [closed, setClosed] = useState(true);
  const [start, setStart] = useState('09:00');
  const [end, setEnd] = useState('12:00');
  const [errors, setErrors] = useState<Record<string, MessageId | 'coach.hours.endAfterStart'>>({});
  const [formError, setFormError] = useState<MessageId | null>(null);
  const done = async () => {
    onChange();
    await queries.invalidateQueries({ queryKey: ['availability', coachId] });
  };
  const put = useMutation({
    mutationFn: (body: { date: string; intervals: Array<{ start: string; end: string }> }) =>
      call(
        api.PUT('/v1/coaches/{id}/overrides/{date}', {
          params: { path: { id: coachId, date: body.date } },
          body: { intervals: body.intervals },
        }),
      ),
    onSuccess: async () => {
      setDate('');
      await done();
    },
    onError: (error) => {
      const fields = fieldErrors(error);
      const byField: Record<string, MessageId | 'coach.hours.endAfterStart'> = {};
      if (fields.date) byField.date = fields.date;
      if (fields.intervals) byField.intervals = fields.intervals;
      setErrors(byField);
      setFormError(Object.keys(byField).length > 0 ? null : (mapApiError(error).form ?? 'error.generic'));
    },
  });
  const remove = useMutation({
    mutationFn: (day: string) => call(api.DELETE('/v1/coaches/{id}/overrides/{date}', { params: { path: { id: coachId, date: day } } })),
    onSuccess: done,
    onError: (error) => setFormError(mapApiError(error).form ?? 'error.generic'),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const local: Record<string, MessageId | 'coach.hours.endAfterStart'> = {};
    if (!ISO_DATE.test(date)) local.date = date ? 'error.invalid' : 'error.required';
    if (!closed && end <= start) local.intervals = 'coach.hours.endAfterStart';
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    put.mutate({ date, intervals: closed ? [] : [{ start, end }] });
  };
  const title = intl.formatMessage({ id: 'coach.override.title' });
  const sorted = [...overrides].sort((a, b) => a.date.localeCompare(b.date));

  return (
    <Section title={title} id="overrides-title">
      <Text>
        <FormattedMessage id="coach.override.intro" values={{ city: <bdi>{city(zone)}</bdi> }} />
      </Text>
      {sorted.length === 0 && (
        <Text c="dimmed">
          <FormattedMessage id="coach.override.none" />
        </Text>
      )}
      <ul className="plain-list" data-testid="overrides">
        {sorted.map((override) => {
          const day = formatCalendarDate(override.date, locale);
          const hours =
            override.intervals.length === 0
              ? intl.formatMessage({ id: 'coach.override.closed' })
              : intl.formatMessage(
                  { id: 'coach.override.hours' },
                  { hours: override.intervals.map((i) => `${i.start}–${i.end}`).join(', '), city: city(zone) },
                );
          return (
            <RemovableItem
              key={override.date}
              data={{ 'data-date': override.date }}
              removeLabel={intl.formatMessage({ id: 'coach.override.remove' }, { date: day })}
              removing={remove.isPending && remove.variables === override.date}
              onRemove={() => remove.mutate(override.date)}
            >
              <Text>
                <time dateTime={override.date}>{day}</time>: {hours}
              </Text>
            </RemovableItem>
          );
        })}
      </ul>
      <form onSubmit={submit} noValidate aria-label={title}>
        <Stack gap="xs">
          <TextInput
            type="date"
            size="md"
            label={intl.formatMessage({ id: 'coach.override.date' })}
            value={date}
            onChange={(e) => setDate(e.currentTarget.value)}
            error={Boolean(errors.date)}
            aria-describedby={errors.date ? 'override-date-error' : undefined}
          />
          <FieldError id="override-date-error" message={errors.date} />
          <Checkbox
            size="md"
            label={intl.formatMessage({ id: 'coach.override.unavailable' })}
            checked={closed}
            onChange={(e) => setClosed(e.currentTarget.checked)}
            styles={{ body: { minHeight: 44, alignItems: 'center' } }}
          />
          {!closed && (
            <Group gap="xs" wrap="nowrap" align="flex-end">
              <NativeSelect
                size="md"
                label={intl.formatMessage({ id: 'coach.hours.from' })}
                value={start}
                data={STARTS}
                onChange={(e) => setStart(e.currentTarget.value)}
                error={Boolean(errors.intervals)}
                aria-describedby={errors.intervals ? 'override-hours-error' : undefined}
                style={{ flex: 1 }}
              />
              <NativeSelect
                size="md"
                label={intl.formatMessage({ id: 'coach.hours.until' })}
                value={end}
                data={ENDS}
                onChange={(e) => setEnd(e.currentTarget.value)}
                error={Boolean(errors.intervals)}
                aria-describedby={errors.intervals ? 'override-hours-error' : undefined}
                style={{ flex: 1 }}
              />
            </Group>
          )}
          <FieldError id="override-hours-error" message={errors.intervals} />
          <FormError id={formError} />
          <Button type="submit" size="md" mih={44} loading={put.isPending} leftSection={<IconPlus size={20} aria-hidden />}>
            <FormattedMessage id="coach.override.save" />
          </Button>
        </Stack>
      </form>
    </Section>
  );
}

/** Time off: two instants, entered as dates and times of the coach's zone. */
function TimeOffEditor({ coachId, zone, timeOff, onChange }: Omit<Props, 'overrides'>) {
  const intl = useIntl();
  const { locale } = useLocale();
  const city = useCityName();
  const queries = useQueryClient();
  const [startDate, setStartDate] = useState('');
  const [startTime, setStartTime] = useState('00:00');
  const [endDate, setEndDate] = useState('');
  const [endTime, setEndTime] = useState('24:00');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, MessageId | 'coach.hours.endAfterStart'>>({});
  const [formError, setFormError] = useState<MessageId | null>(null);
  const done = async () => {
    onChange();
    await queries.invalidateQueries({ queryKey: ['availability', coachId] });
  };
  const add = useMutation({
    mutationFn: (body: { start: string; end: string; reason?: string }) =>
      call(api.POST('/v1/coaches/{id}/time-off', { params: { path: { id: coachId } }, body })),
    onSuccess: async () => {
      setStartDate('');
      setEndDate('');
      setReason('');
      await done();
    },
    onError: (error) => {
      const fields = fieldErrors(error);
      setErrors(fields);
      setFormError(Object.keys(fields).length > 0 ? null : (mapApiError(error).form ?? 'error.generic'));
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) =>
      call(api.DELETE('/v1/coaches/{id}/time-off/{timeOffId}', { params: { path: { id: coachId, timeOffId: id } } })),
    onSuccess: done,
    onError: (error) => setFormError(mapApiError(error).form ?? 'error.generic'),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const local: Record<string, MessageId | 'coach.hours.endAfterStart'> = {};
    if (!ISO_DATE.test(startDate)) local.start = startDate ? 'error.invalid' : 'error.required';
    if (!ISO_DATE.test(endDate)) local.end = endDate ? 'error.invalid' : 'error.required';
    const start = local.start ? null : instantInZone(startDate, startTime, zone);
    const end = local.end ? null : instantInZone(endDate, endTime, zone);
    if (start && end && end <= start) local.end = 'coach.hours.endAfterStart';
    setErrors(local);
    if (!start || !end || Object.keys(local).length > 0) return;
    add.mutate({ start: start.toISOString(), end: end.toISOString(), ...(reason.trim() ? { reason: reason.trim() } : {}) });
  };
  const title = intl.formatMessage({ id: 'coach.timeOff.title' });
  const moment = (iso: string) => {
    const instant = new Date(iso);
    return `${formatDay(instant, zone, locale)} ${formatTime(instant, zone, locale)}`;
  };
  const sorted = [...timeOff].sort((a, b) => a.start.localeCompare(b.start));
  const describedBy = (field: string) => (errors[field] ? `time-off-${field}-error` : undefined);

  return (
    <Section title={title} id="time-off-title">
      <Text>
        <FormattedMessage id="coach.timeOff.intro" values={{ city: <bdi>{city(zone)}</bdi> }} />
      </Text>
      {sorted.length === 0 && (
        <Text c="dimmed">
          <FormattedMessage id="coach.timeOff.none" />
        </Text>
      )}
      <ul className="plain-list" data-testid="time-off">
        {sorted.map((item) => {
          const when = intl.formatMessage(
            { id: 'coach.timeOff.when' },
            { from: moment(item.start), until: moment(item.end), city: city(zone) },
          );
          return (
            <RemovableItem
              key={item.id}
              data={{ 'data-start': item.start, 'data-end': item.end }}
              removeLabel={intl.formatMessage({ id: 'coach.timeOff.remove' }, { when })}
              removing={remove.isPending && remove.variables === item.id}
              onRemove={() => remove.mutate(item.id)}
            >
              <Stack gap={0}>
                <Text>{when}</Text>
                {item.reason && (
                  <Text c="dimmed" fz="sm">
                    {item.reason}
                  </Text>
                )}
              </Stack>
            </RemovableItem>
          );
        })}
      </ul>
      <form onSubmit={submit} noValidate aria-label={title}>
        <Stack gap="xs">
          <MomentField
            field="start"
            dateLabel={intl.formatMessage({ id: 'coach.timeOff.startDate' })}
            timeLabel={intl.formatMessage({ id: 'coach.timeOff.startTime' })}
            date={startDate}
            onDate={setStartDate}
            time={startTime}
            onTime={setStartTime}
            times={STARTS}
            error={errors.start}
          />
          <MomentField
            field="end"
            dateLabel={intl.formatMessage({ id: 'coach.timeOff.endDate' })}
            timeLabel={intl.formatMessage({ id: 'coach.timeOff.endTime' })}
            date={endDate}
            onDate={setEndDate}
            time={endTime}
            onTime={setEndTime}
            times={ENDS}
            error={errors.end}
          />
          <TextInput
            size="md"
            label={intl.formatMessage({ id: 'coach.timeOff.reason' })}
            value={reason}
            maxLength={500}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={Boolean(errors.reason)}
            aria-describedby={describedBy('reason')}
          />
          <FieldError id="time-off-reason-error" message={errors.reason} />
          <FormError id={formError} />
          <Button type="submit" size="md" mih={44} loading={add.isPending} leftSection={<IconPlus size={20} aria-hidden />}>
            <FormattedMessage id="coach.timeOff.add" />
          </Button>
        </Stack>
      </form>
    </Section>
  );
}

/** Changes to the weekly hours: single dates with other hours or none, and time off. */
export function Exceptions(props: Props) {
  // Past changes no longer matter to anyone: only today's and later ones are listed.
  const today = localDate(new Date(), props.zone);
  const now = new Date().toISOString();
  return (
    <>
      <Overrides
        coachId={props.coachId}
        zone={props.zone}
        overrides={props.overrides.filter((o) => o.date >= today)}
        onChange={props.onChange}
      />
      <TimeOffEditor
        coachId={props.coachId}
        zone={props.zone}
        timeOff={props.timeOff.filter((t) => t.end > now)}
        onChange={props.onChange}
      />
    </>
  );
}
