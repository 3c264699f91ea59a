import { Badge, Button, Card, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { IconMailForward, IconMailOff, IconUserCheck, IconUserOff } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { api, call } from '../../api/client';
import { mapApiError, type MessageId } from '../../api/problem';
import type { components } from '../../api/schema';
import { useSession } from '../../auth/useSession';
import { Done } from '../../components/Done';
import { FormError } from '../../components/FormError';
import { QueryError } from '../../components/QueryError';
import { InviteForm } from '../../staff/InviteForm';

type User = components['schemas']['UserResponse'];
type Role = User['role'];
const ROLES: Role[] = ['coach', 'coordinator', 'admin', 'newcomer'];
/** Coordinators manage the staff of their own academy (the API scopes the list to it). */
const STAFF_ROLES: Role[] = ['coach', 'coordinator'];
const ROLE_LABELS: Record<Role, string> = {
  newcomer: 'admin.users.role.newcomer',
  coach: 'admin.users.role.coach',
  coordinator: 'admin.users.role.coordinator',
  admin: 'admin.users.role.admin',
};
const PAGE = 100;

/** An invited coach or coordinator who has not chosen a password yet (accepting the invitation proves the address). */
const invitationPending = (user: User) => STAFF_ROLES.includes(user.role) && !user.emailVerified && !user.disabled;

/**
 * The accounts: an admin's of both academies, a coordinator's of their own, filtered by academy and role.
 * Staff are invited here; an invitation is sent again or withdrawn, and an account disabled and enabled again.
 */
export default function Users() {
  const intl = useIntl();
  const queries = useQueryClient();
  const me = useSession()?.user;
  const isAdmin = me?.role === 'admin';
  const [done, setDone] = useState<'staff.invite.resent' | 'staff.invite.revoked' | null>(null);
  const [academyId, setAcademyId] = useState('');
  const [role, setRole] = useState<Role | ''>('coach');
  const [formError, setFormError] = useState<MessageId | null>(null);
  const academies = useQuery({ queryKey: ['academies'], queryFn: () => call(api.GET('/v1/academies')) });
  const users = useQuery({
    queryKey: ['users', academyId, role],
    queryFn: () =>
      call(
        api.GET('/v1/users', {
          params: { query: { limit: PAGE, offset: 0, ...(academyId ? { academyId } : {}), ...(role ? { role } : {}) } },
        }),
      ),
  });
  const toggle = useMutation({
    mutationFn: (user: User) =>
      user.disabled
        ? call(api.POST('/v1/users/{id}/enable', { params: { path: { id: user.id } } }))
        : call(api.POST('/v1/users/{id}/disable', { params: { path: { id: user.id } } })),
    onSuccess: () => {
      setFormError(null);
      setDone(null);
      return queries.invalidateQueries({ queryKey: ['users'] });
    },
    onError: (error) => setFormError(mapApiError(error).form ?? 'error.generic'),
  });
  const invitation = useMutation({
    mutationFn: ({ user, action }: { user: User; action: 'resend' | 'revoke' }) =>
      action === 'resend'
        ? call(api.POST('/v1/users/{id}/invitation', { params: { path: { id: user.id } } }))
        : call(api.DELETE('/v1/users/{id}/invitation', { params: { path: { id: user.id } } })),
    onSuccess: (_, { action }) => {
      setFormError(null);
      setDone(action === 'resend' ? 'staff.invite.resent' : 'staff.invite.revoked');
    },
    onError: (error) => {
      setDone(null);
      setFormError(mapApiError(error).form ?? 'error.generic');
    },
  });
  const busy = (user: User, action: 'resend' | 'revoke') =>
    invitation.isPending && invitation.variables?.user.id === user.id && invitation.variables.action === action;
  const academyName = (id: string | null) => academies.data?.find((a) => a.id === id)?.name ?? '–';
  const t = (id: string) => intl.formatMessage({ id });

  return (
    <Stack gap="lg">
      <Title order={1} fz={26}>
        <FormattedMessage id="admin.users.title" />
      </Title>
      <Card withBorder padding="md">
        <InviteForm chooseAcademy={isAdmin} />
      </Card>
      <Group gap="xs" grow>
        {isAdmin && (
          <NativeSelect
            size="md"
            label={t('admin.users.academy')}
            value={academyId}
            onChange={(e) => setAcademyId(e.currentTarget.value)}
            data={[{ value: '', label: t('admin.users.all') }, ...(academies.data ?? []).map((a) => ({ value: a.id, label: a.name }))]}
          />
        )}
        <NativeSelect
          size="md"
          label={t('admin.users.role')}
          value={role}
          onChange={(e) => setRole(e.currentTarget.value as Role | '')}
          data={[
            { value: '', label: t('admin.users.all') },
            ...(isAdmin ? ROLES : STAFF_ROLES).map((r) => ({ value: r, label: t(ROLE_LABELS[r]) })),
          ]}
        />
      </Group>
      <FormError id={formError} />
      {done && (
        <Done>
          <FormattedMessage id={done} />
        </Done>
      )}
      {users.isError && <QueryError error={users.error} onRetry={() => users.refetch()} />}
      {users.data && (
        <Text c="dimmed" role="status">
          <FormattedMessage id="admin.users.count" values={{ shown: users.data.items.length, total: users.data.total }} />
        </Text>
      )}
      <ul className="plain-list">
        {users.data?.items.map((user) => (
          <li key={user.id}>
            <Card withBorder padding="sm" component="article" data-testid="user" data-user-id={user.id} mb="xs">
              <Stack gap={4}>
                <Group gap="xs" justify="space-between">
                  <Text fw={700}>
                    <bdi>{user.displayName}</bdi>
                  </Text>
                  {user.disabled && (
                    <Badge color="red" variant="light">
                      <FormattedMessage id="admin.users.disabled" />
                    </Badge>
                  )}
                  {invitationPending(user) && (
                    <Badge color="yellow" variant="light" c="dark.8">
                      <FormattedMessage id="staff.invite.pending" />
                    </Badge>
                  )}
                </Group>
                <Text fz="sm">
                  <bdi>{user.email}</bdi>
                </Text>
                <Text fz="sm" c="dimmed">
                  {t(ROLE_LABELS[user.role])} · <bdi>{academyName(user.academyId)}</bdi>
                </Text>
                {invitationPending(user) && (
                  <Group gap="xs">
                    <Button
                      variant="light"
                      size="md"
                      mih={44}
                      loading={busy(user, 'resend')}
                      leftSection={<IconMailForward size={20} aria-hidden />}
                      aria-label={intl.formatMessage({ id: 'staff.invite.resendName' }, { name: user.displayName })}
                      onClick={() => invitation.mutate({ user, action: 'resend' })}
                    >
                      <FormattedMessage id="staff.invite.resend" />
                    </Button>
                    <Button
                      variant="light"
                      color="gray"
                      size="md"
                      mih={44}
                      loading={busy(user, 'revoke')}
                      leftSection={<IconMailOff size={20} aria-hidden />}
                      aria-label={intl.formatMessage({ id: 'staff.invite.revokeName' }, { name: user.displayName })}
                      onClick={() => invitation.mutate({ user, action: 'revoke' })}
                    >
                      <FormattedMessage id="staff.invite.revoke" />
                    </Button>
                  </Group>
                )}
                {/* Nobody disables their own account (the API refuses it too). */}
                {user.id !== me?.id && (
                  <Button
                    variant="light"
                    size="md"
                    mih={44}
                    color={user.disabled ? 'blue' : 'red'}
                    loading={toggle.isPending && toggle.variables?.id === user.id}
                    leftSection={user.disabled ? <IconUserCheck size={20} aria-hidden /> : <IconUserOff size={20} aria-hidden />}
                    aria-label={intl.formatMessage(
                      { id: user.disabled ? 'admin.users.enableName' : 'admin.users.disableName' },
                      { name: user.displayName },
                    )}
                    onClick={() => toggle.mutate(user)}
                    style={{ alignSelf: 'flex-start' }}
                  >
                    <FormattedMessage id={user.disabled ? 'admin.users.enable' : 'admin.users.disable'} />
                  </Button>
                )}
              </Stack>
            </Card>
          </li>
        ))}
      </ul>
    </Stack>
  );
}
