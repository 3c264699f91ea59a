import { Button, Card, Checkbox, List, Modal, Stack, Text, Title } from '@mantine/core';
import { IconUserX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { api, call } from '../../api/client';
import { mapApiError, type MessageId } from '../../api/problem';
import type { User } from '../../auth/session';
import { Done } from '../../components/Done';
import { FormError } from '../../components/FormError';
import { QueryError } from '../../components/QueryError';
import { useLocale } from '../../i18n/I18nProvider';
import { languageName, listOf } from '../../i18n/names';

const GOES = ['coordinator.erase.goes.identity', 'coordinator.erase.goes.texts', 'coordinator.erase.goes.future'];
const KEPT = ['coordinator.erase.kept.sessions', 'coordinator.erase.kept.figures'];

/** The academy's newcomers; erasing one says first what goes and what stays, and asks to confirm. */
export default function Newcomers() {
  const intl = useIntl();
  const { locale } = useLocale();
  const queries = useQueryClient();
  const [target, setTarget] = useState<User | null>(null);
  const [understood, setUnderstood] = useState(false);
  const [error, setError] = useState<MessageId | null>(null);
  const [done, setDone] = useState<{ name: string; cancelled: number } | null>(null);
  const newcomers = useQuery({
    queryKey: ['users', 'newcomer'],
    queryFn: () => call(api.GET('/v1/users', { params: { query: { role: 'newcomer', limit: 100 } } })),
  });
  const erase = useMutation({
    mutationFn: (user: User) => call(api.POST('/v1/users/{id}/erase', { params: { path: { id: user.id } } })),
    onSuccess: (result, user) => {
      setTarget(null);
      setDone({ name: user.displayName, cancelled: result.cancelledSessionIds.length });
      return queries.invalidateQueries({ queryKey: ['users'] });
    },
    onError: (e) => setError(mapApiError(e).form ?? 'error.generic'),
  });

  if (newcomers.isError) return <QueryError error={newcomers.error} onRetry={() => newcomers.refetch()} />;
  const t = (id: string) => intl.formatMessage({ id });

  return (
    <Stack gap="lg">
      <Title order={1} fz={26}>
        <FormattedMessage id="coordinator.newcomers.title" />
      </Title>
      {done && (
        <Done>
          <FormattedMessage id="coordinator.erase.done" values={{ name: <bdi>{done.name}</bdi>, count: done.cancelled }} />
        </Done>
      )}
      {newcomers.data?.items.map((user) => (
        <Card key={user.id} withBorder padding="md" component="article" aria-label={user.displayName} data-testid="newcomer">
          <Stack gap="xs">
            <Title order={2} fz={18}>
              <bdi>{user.displayName}</bdi>
            </Title>
            <Text c="dimmed">
              {listOf(
                user.languages.map((l) => languageName(l, locale)),
                locale,
              )}
            </Text>
            <Button
              variant="outline"
              color="red.9"
              size="md"
              mih={44}
              leftSection={<IconUserX size={20} aria-hidden />}
              onClick={() => {
                setUnderstood(false);
                setError(null);
                setTarget(user);
              }}
            >
              <FormattedMessage id="coordinator.erase.open" values={{ name: <bdi>{user.displayName}</bdi> }} />
            </Button>
          </Stack>
        </Card>
      ))}
      <Modal
        opened={target !== null}
        onClose={() => setTarget(null)}
        title={intl.formatMessage({ id: 'coordinator.erase.title' }, { name: target?.displayName ?? '' })}
        closeButtonProps={{ 'aria-label': t('staff.lifecycle.notNow') }}
        centered
      >
        <Stack gap="md">
          <Text fw={700}>{t('coordinator.erase.goesTitle')}</Text>
          <List data-testid="erase-goes">
            {GOES.map((id) => (
              <List.Item key={id}>{t(id)}</List.Item>
            ))}
          </List>
          <Text fw={700}>{t('coordinator.erase.keptTitle')}</Text>
          <List data-testid="erase-kept">
            {KEPT.map((id) => (
              <List.Item key={id}>{t(id)}</List.Item>
            ))}
          </List>
          <Checkbox
            className="choice"
            size="md"
            checked={understood}
            onChange={(e) => setUnderstood(e.currentTarget.checked)}
            label={t('coordinator.erase.understood')}
          />
          <FormError id={error} />
          <Button
            color="red.9"
            size="md"
            disabled={!understood}
            onClick={() => target && erase.mutate(target)}
            loading={erase.isPending}
            leftSection={<IconUserX aria-hidden />}
          >
            <FormattedMessage id="coordinator.erase.confirm" />
          </Button>
          <Button variant="subtle" size="md" onClick={() => setTarget(null)}>
            <FormattedMessage id="staff.lifecycle.notNow" />
          </Button>
        </Stack>
      </Modal>
    </Stack>
  );
}
