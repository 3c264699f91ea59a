import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { api, call } from '../../api/client';
import { topicLabel } from '../../api/types';
import { QueryError } from '../../components/QueryError';
import { useCityName, useLocale } from '../../i18n/I18nProvider';
import { languageName, listOf } from '../../i18n/names';
import { PauseCoach } from '../../staff/PauseCoach';

const PAGE = 50;

/** The academy's coaches in every status, each with the steps of its lifecycle it can take next. */
export default function Coaches() {
  const intl = useIntl();
  const { locale } = useLocale();
  const city = useCityName();
  const [offset, setOffset] = useState(0);
  const coaches = useQuery({
    queryKey: ['coaches', offset],
    queryFn: () => call(api.GET('/v1/coaches', { params: { query: { limit: PAGE, offset } } })),
  });

  if (coaches.isError) return <QueryError error={coaches.error} onRetry={() => coaches.refetch()} />;
  const page = coaches.data;

  return (
    <Stack gap="lg">
      <Title order={1} fz={26}>
        <FormattedMessage id="coordinator.coaches.title" />
      </Title>
      {page?.items.map((coach) => (
        <Card key={coach.id} withBorder padding="md" component="article" data-testid="coach" aria-label={coach.displayName}>
          <Stack gap="xs">
            <Title order={2} fz={20}>
              <bdi>{coach.displayName}</bdi>
            </Title>
            <Text c="dimmed">
              {listOf(
                coach.languages.map((l) => languageName(l, locale)),
                locale,
              )}{' '}
              ·{' '}
              {listOf(
                coach.topics.map((t) => intl.formatMessage({ id: topicLabel(t) })),
                locale,
              )}
              {coach.timeZone && <> · {city(coach.timeZone)}</>}
            </Text>
            <PauseCoach coach={coach} name={coach.displayName} lifecycle />
          </Stack>
        </Card>
      ))}
      {page && page.total > PAGE && (
        <Group justify="space-between">
          <Button variant="default" size="md" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            <FormattedMessage id="coordinator.coaches.previous" />
          </Button>
          <Button variant="default" size="md" disabled={offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)}>
            <FormattedMessage id="coordinator.coaches.next" />
          </Button>
        </Group>
      )}
    </Stack>
  );
}
