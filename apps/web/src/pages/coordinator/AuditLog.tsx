import { Button, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { mapApiError } from '../../api/problem';
import { readSession } from '../../auth/session';
import { QueryError } from '../../components/QueryError';
import { ScrollTable } from '../../components/Sections';
import { useTimePair } from '../../components/TimePair';
import { useCityName, useLocale } from '../../i18n/I18nProvider';
import { DateRangeFields } from '../../staff/DateRange';
import { formatDay } from '../../time/format';

type AuditPage = components['schemas']['AuditPageResponse'];
type EntityType = AuditPage['items'][number]['entityType'];
interface Filters {
  entityType: EntityType | '';
  from: string;
  to: string;
}
const ENTITY_LABELS: Record<EntityType, string> = {
  session: 'coordinator.audit.entity.session',
  coach_profile: 'coordinator.audit.entity.coach_profile',
  user: 'coordinator.audit.entity.user',
};
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The start of a local date in a zone, as an instant: the filter's dates are the reader's days. */
function startOfDay(isoDate: string, zone: string): string {
  const noon = new Date(`${isoDate}T12:00:00Z`);
  const offsetMinutes =
    (new Date(noon.toLocaleString('en-US', { timeZone: zone })).getTime() -
      new Date(noon.toLocaleString('en-US', { timeZone: 'UTC' })).getTime()) /
    60_000;
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) - offsetMinutes * 60_000).toISOString();
}

/** The academy's audit log, newest first, page by page (keyset cursor), filtered by what changed and when. */
export default function AuditLog() {
  const intl = useIntl();
  const { locale } = useLocale();
  const city = useCityName();
  const pair = useTimePair();
  const me = readSession()!.user;
  const [draft, setDraft] = useState<Filters>({ entityType: '', from: '', to: '' });
  const [filters, setFilters] = useState<Filters>(draft);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const t = (id: string) => intl.formatMessage({ id });

  const log = useInfiniteQuery({
    queryKey: ['audit', filters],
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: AuditPage) => page.nextCursor ?? undefined,
    queryFn: ({ pageParam }): Promise<AuditPage> =>
      call<AuditPage>(
        api.GET('/v1/audit-log', {
          params: {
            query: {
              limit: 50,
              cursor: pageParam,
              entityType: filters.entityType || undefined,
              from: filters.from ? startOfDay(filters.from, me.timeZone) : undefined,
              // "To" is inclusive: entries before the start of the next day.
              to: filters.to
                ? startOfDay(new Date(Date.parse(`${filters.to}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10), me.timeZone)
                : undefined,
            },
          },
        }),
      ),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (draft.from && !ISO_DATE.test(draft.from)) found.from = 'error.invalid';
    if (draft.to && !ISO_DATE.test(draft.to)) found.to = 'error.invalid';
    if (!found.from && !found.to && draft.from && draft.to && draft.to < draft.from) found.to = 'coordinator.reports.toAfterFrom';
    setErrors(found);
    if (Object.keys(found).length === 0) setFilters(draft);
  };
  const apiFields = log.isError ? mapApiError(log.error).fields : {};
  const errorOf = (field: string) => ((errors[field] ?? apiFields[field]) ? t(errors[field] ?? apiFields[field]) : undefined);
  const entries = log.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="lg">
      <Title order={1} fz={26}>
        <FormattedMessage id="coordinator.audit.title" />
      </Title>
      <form onSubmit={submit} noValidate aria-label={t('coordinator.audit.filters')}>
        <Stack gap="sm">
          <Text fz="sm">
            <FormattedMessage id="coordinator.reports.zone" values={{ city: <bdi>{city(me.timeZone)}</bdi> }} />
          </Text>
          <NativeSelect
            size="md"
            label={t('coordinator.audit.entity')}
            value={draft.entityType}
            onChange={(e) => setDraft({ ...draft, entityType: e.currentTarget.value as Filters['entityType'] })}
            data={[
              { value: '', label: t('coordinator.audit.all') },
              ...(Object.keys(ENTITY_LABELS) as EntityType[]).map((value) => ({ value, label: t(ENTITY_LABELS[value]) })),
            ]}
          />
          <DateRangeFields
            from={draft.from}
            to={draft.to}
            onFrom={(from) => setDraft({ ...draft, from })}
            onTo={(to) => setDraft({ ...draft, to })}
            errorOf={errorOf}
          />
          <Button type="submit" size="md">
            <FormattedMessage id="coordinator.reports.show" />
          </Button>
        </Stack>
      </form>
      {log.isError && Object.keys(apiFields).length === 0 && <QueryError error={log.error} onRetry={() => log.refetch()} />}
      {log.isSuccess && entries.length === 0 && (
        <Text c="dimmed">
          <FormattedMessage id="coordinator.audit.none" />
        </Text>
      )}
      {entries.length > 0 && (
        <ScrollTable
          label={{ text: t('coordinator.audit.title') }}
          testId="audit"
          minWidth={520}
          columns={[t('coordinator.audit.when'), t('coordinator.audit.action'), t('coordinator.audit.entity')]}
        >
          {entries.map((entry) => (
            <Table.Tr key={entry.id} data-entity={entry.entityType}>
              <Table.Td>
                {formatDay(new Date(entry.at), me.timeZone, locale)} · {pair({ start: new Date(entry.at), timeZone: me.timeZone })}
              </Table.Td>
              <Table.Td>
                <code>{entry.action}</code>
              </Table.Td>
              <Table.Td>
                {entry.entityType === 'session' ? (
                  <Link to={`/staff/sessions/${entry.entityId}`}>{t(ENTITY_LABELS.session)}</Link>
                ) : (
                  t(ENTITY_LABELS[entry.entityType])
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </ScrollTable>
      )}
      {log.hasNextPage && (
        <Button variant="default" size="md" onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>
          <FormattedMessage id="coordinator.audit.more" />
        </Button>
      )}
    </Stack>
  );
}
