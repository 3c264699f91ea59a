import { Button, Checkbox, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { IconCalendarPlus } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { createIntl, FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { intlTag, isAppLocale } from '@app/i18n/locales';
import { api, call } from '../../api/client';
import { mapApiError, type MessageId } from '../../api/problem';
import { newIdempotencyKey, topicLabel } from '../../api/types';
import { Done } from '../../components/Done';
import { FormError } from '../../components/FormError';
import { QueryError } from '../../components/QueryError';
import { useTimePair } from '../../components/TimePair';
import { messagesOf, useLocale } from '../../i18n/I18nProvider';
import { languageName } from '../../i18n/names';
import { formatDay, localDate } from '../../time/format';

const DAYS = 14;
const plusDays = (isoDate: string, days: number) => {
  const date = new Date(`${isoDate}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};

/**
 * A coordinator books for a newcomer of the academy who asked for it: the
 * consent statement is shown in the page's language and in the newcomer's,
 * and the form is not sent until the box is ticked (the API refuses it too).
 */
export default function BookOnBehalf() {
  const intl = useIntl();
  const { locale } = useLocale();
  const pair = useTimePair();
  const [newcomerId, setNewcomerId] = useState('');
  const [coachId, setCoachId] = useState('');
  const [topic, setTopic] = useState('');
  const [language, setLanguage] = useState('');
  const [start, setStart] = useState('');
  const [consent, setConsent] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<MessageId | null>(null);
  const [key] = useState(newIdempotencyKey);

  const newcomers = useQuery({
    queryKey: ['users', 'newcomer'],
    queryFn: () => call(api.GET('/v1/users', { params: { query: { role: 'newcomer', limit: 100 } } })),
  });
  const coaches = useQuery({
    queryKey: ['coaches', 'bookable'],
    queryFn: () => call(api.GET('/v1/coaches', { params: { query: { limit: 100 } } })),
  });
  const newcomer = newcomers.data?.items.find((n) => n.id === newcomerId) ?? null;
  const coach = coaches.data?.items.find((c) => c.id === coachId && c.active) ?? null;
  const zone = newcomer?.timeZone ?? null;
  const from = zone ? localDate(new Date(), zone) : '';
  const slots = useQuery({
    queryKey: ['slots', coachId, zone, from],
    enabled: Boolean(coach && zone),
    queryFn: () => call(api.GET('/v1/slots', { params: { query: { coachId, timeZone: zone!, from, to: plusDays(from, DAYS - 1) } } })),
  });
  const consentInTheirs = useMemo(() => {
    if (!newcomer || !isAppLocale(newcomer.locale) || newcomer.locale === locale) return null;
    const theirs = createIntl({ locale: intlTag(newcomer.locale), messages: messagesOf(newcomer.locale) });
    return { lang: newcomer.locale, text: theirs.formatMessage({ id: 'coordinator.book.consent' }, { name: newcomer.displayName }) };
  }, [newcomer, locale]);

  const book = useMutation({
    mutationFn: () =>
      call(
        api.POST('/v1/sessions', {
          params: { header: { 'Idempotency-Key': key } },
          body: { coachId, start, durationMinutes: coach!.sessionLengths[0], topic, language, newcomerId, newcomerConsent: true },
        }),
      ),
    onError: (e) => {
      const mapped = mapApiError(e);
      setErrors(mapped.fields);
      setFormError(mapped.form);
    },
  });

  if (newcomers.isError) return <QueryError error={newcomers.error} onRetry={() => newcomers.refetch()} />;
  if (coaches.isError) return <QueryError error={coaches.error} onRetry={() => coaches.refetch()} />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    for (const [field, value] of Object.entries({ newcomerId, coachId, topic, language, start }))
      if (!value) missing[field] = 'error.required';
    if (!consent) missing.newcomerConsent = 'coordinator.book.consentRequired';
    setErrors(missing);
    setFormError(null);
    if (Object.keys(missing).length === 0) book.mutate();
  };
  const error = (field: string) => (errors[field] ? intl.formatMessage({ id: errors[field] }) : undefined);
  const choose = (placeholder: string, items: Array<{ value: string; label: string }>) => [{ value: '', label: placeholder }, ...items];

  if (book.isSuccess) {
    return (
      <Stack gap="md">
        <Done>
          <FormattedMessage id="coordinator.book.done" values={{ name: <bdi>{newcomer?.displayName}</bdi> }} />
        </Done>
        <Button component={Link} to={`/staff/sessions/${book.data.id}`} size="md">
          <FormattedMessage id="coordinator.session.open" />
        </Button>
      </Stack>
    );
  }

  const pick = intl.formatMessage({ id: 'coordinator.book.choose' });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Title order={1} fz={26}>
          <FormattedMessage id="coordinator.book.title" />
        </Title>
        <NativeSelect
          size="md"
          label={intl.formatMessage({ id: 'coordinator.book.newcomer' })}
          value={newcomerId}
          onChange={(e) => {
            setNewcomerId(e.currentTarget.value);
            setStart('');
          }}
          data={choose(
            pick,
            (newcomers.data?.items ?? []).map((n) => ({ value: n.id, label: n.displayName })),
          )}
          error={error('newcomerId')}
        />
        <NativeSelect
          size="md"
          label={intl.formatMessage({ id: 'coordinator.reports.coach' })}
          value={coachId}
          onChange={(e) => {
            setCoachId(e.currentTarget.value);
            setStart('');
          }}
          data={choose(
            pick,
            (coaches.data?.items ?? []).filter((c) => c.active).map((c) => ({ value: c.id, label: c.displayName })),
          )}
          error={error('coachId')}
        />
        <NativeSelect
          size="md"
          label={intl.formatMessage({ id: 'coordinator.reports.topic' })}
          value={topic}
          onChange={(e) => setTopic(e.currentTarget.value)}
          data={choose(
            pick,
            (coach?.topics ?? []).map((t) => ({ value: t, label: intl.formatMessage({ id: topicLabel(t) }) })),
          )}
          error={error('topic')}
        />
        <NativeSelect
          size="md"
          label={intl.formatMessage({ id: 'coordinator.book.language' })}
          value={language}
          onChange={(e) => setLanguage(e.currentTarget.value)}
          data={choose(
            pick,
            (coach?.languages ?? [])
              .filter((l) => !newcomer || newcomer.languages.includes(l))
              .map((l) => ({ value: l, label: languageName(l, locale) })),
          )}
          error={error('language')}
        />
        <NativeSelect
          size="md"
          label={intl.formatMessage({ id: 'coordinator.book.time' })}
          value={start}
          onChange={(e) => setStart(e.currentTarget.value)}
          data={choose(
            pick,
            (slots.data?.slots ?? []).map((s) => {
              const at = new Date(s.start);
              const coachSide = coach ? { name: coach.displayName, timeZone: coach.timeZone } : undefined;
              return {
                value: s.start,
                label: `${formatDay(at, zone!, locale)} · ${pair({ start: at, timeZone: zone!, coach: coachSide })}`,
              };
            }),
          )}
          error={error('start')}
        />
        <Stack gap={4} component="section" aria-labelledby="consent-title">
          <Text fw={700} id="consent-title">
            <FormattedMessage id="coordinator.book.consentTitle" />
          </Text>
          <Checkbox
            className="choice"
            size="md"
            checked={consent}
            onChange={(e) => setConsent(e.currentTarget.checked)}
            label={intl.formatMessage({ id: 'coordinator.book.consent' }, { name: newcomer?.displayName ?? '…' })}
            error={error('newcomerConsent')}
          />
          {consentInTheirs && (
            <Text lang={consentInTheirs.lang} dir="auto" data-testid="consent-theirs" bg="gray.0" p="xs">
              {consentInTheirs.text}
            </Text>
          )}
        </Stack>
        <FormError id={formError} />
        <Button type="submit" size="md" loading={book.isPending} leftSection={<IconCalendarPlus aria-hidden />} fullWidth>
          <FormattedMessage id="coordinator.book.submit" />
        </Button>
      </Stack>
    </form>
  );
}
