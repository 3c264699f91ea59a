import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { IconListCheck } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormattedMessage } from 'react-intl';
import { Link } from 'react-router';
import { api, call } from '../api/client';
import { QueryError } from '../components/QueryError';
import { type WaitingListRequest, waitingListKeys } from './waitingList';

/**
 * The one tap under an empty match: the newcomer joins the waiting list with exactly what they searched for.
 * A component of its own, so the Find page only places it.
 */
export function JoinWaitingList({ request }: { request: WaitingListRequest }) {
  const queries = useQueryClient();
  const join = useMutation({
    mutationFn: () => call(api.POST('/v1/waiting-list', { body: request })),
    onSuccess: () => queries.invalidateQueries({ queryKey: waitingListKeys.all }),
  });
  if (join.isSuccess) {
    return (
      <Alert color="green" data-testid="waiting-list-joined" role="status">
        <Stack gap={4}>
          <Text>
            <FormattedMessage id="waitingList.join.done" />
          </Text>
          <Anchor component={Link} to="/waiting-list">
            <FormattedMessage id="waitingList.join.see" />
          </Anchor>
        </Stack>
      </Alert>
    );
  }
  return (
    <Stack gap="sm" data-testid="waiting-list-join">
      <Text>
        <FormattedMessage id="waitingList.join.lead" />
      </Text>
      {join.isError && <QueryError error={join.error} onRetry={() => join.mutate()} />}
      <Button
        size="md"
        mih={44}
        loading={join.isPending}
        onClick={() => join.mutate()}
        leftSection={<IconListCheck aria-hidden />}
        fullWidth
      >
        <FormattedMessage id="waitingList.join.button" />
      </Button>
    </Stack>
  );
}
