import { Badge, Button, Card, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconPlayerPause, IconPlayerPlay, IconTrash, IconCalendarCheck } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { api, call } from '../api/client';
import { ApiError, mapApiError, type MessageId } from '../api/problem';
import type { components } from '../api/schema';
import { readSession } from '../auth/session';
import { Done } from '../components/Done';
import { FormError } from '../components/FormError';
import { TimePair } from '../components/TimePair';
import { useLocale } from '../i18n/I18nProvider';
import { formatDay } from '../time/format';

type Coach = components['schemas']['CoachResponse'];
type FutureSession = components['schemas']['FutureSessionSummary'];
type Decision = 'cancel' | 'keep';

/** The catalogue key of each status a coach can be in. */
export const COACH_STATUS_LABELS: Record<Coach['status'], string> = {
  invited: 'staff.coachStatus.invited',
  trained: 'staff.coachStatus.trained',
  active: 'staff.coachStatus.active',
  paused: 'staff.coachStatus.paused',
  retired: 'staff.coachStatus.retired',
};

/**
 * Pausing a coach, or ending the pause. A coach with sessions ahead is not
 * paused at once: the API answers 409 with the sessions, they are listed, and
 * the reader chooses to cancel them (the newcomers are told) or keep them.
 */
export function PauseCoach({
  coach,
  name,
  lifecycle = false,
}: {
  coach: Coach;
  /** Whose pause it is, as the reader calls them. */ name?: string;
  /** Coordinators: the other steps too (trained, active, retired). */ lifecycle?: boolean;
}) {
  const intl = useIntl();
  const { locale } = useLocale();
  const queries = useQueryClient();
  const me = readSession()!.user;
  const [ahead, setAhead] = useState<FutureSession[] | null>(null);
  /** Where the coach goes once the sessions ahead are decided: paused, or retired (final, so confirmed first). */
  const [leaving, setLeaving] = useState<'paused' | 'retired'>('paused');
  const [confirmRetire, setConfirmRetire] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<MessageId | null>(null);
  const [notice, setNotice] = useState<{ id: string; count?: number } | null>(null);

  const change = useMutation({
    mutationFn: (body: components['schemas']['ChangeCoachStatusDto']) =>
      call(api.POST('/v1/coaches/{id}/status', { params: { path: { id: coach.id } }, body })),
    onSuccess: (result) => {
      setAhead(null);
      setConfirmRetire(false);
      const status = result.coach.status;
      setNotice(
        result.cancelledSessionIds.length > 0
          ? { id: 'staff.pause.cancelled', count: result.cancelledSessionIds.length }
          : { id: status === 'paused' ? 'staff.pause.paused' : status === 'active' ? 'staff.pause.resumed' : COACH_STATUS_LABELS[status] },
      );
      return queries.invalidateQueries({ predicate: (q) => ['coach', 'coaches', 'sessions'].includes(String(q.queryKey[0])) });
    },
    onError: (e) => {
      const problem = e instanceof ApiError ? (e.problem as ApiError['problem'] & { futureSessions?: FutureSession[] }) : null;
      if (problem?.code === 'future_sessions_pending' && problem.futureSessions) {
        setReason('');
        setAhead(problem.futureSessions);
        return;
      }
      setError(mapApiError(e).form ?? 'error.generic');
    },
  });

  const leave = (status: 'paused' | 'retired', futureSessions?: Decision) => {
    setError(null);
    setNotice(null);
    setLeaving(status);
    change.mutate(
      futureSessions === 'cancel' && reason.trim() ? { status, futureSessions, reason: reason.trim() } : { status, futureSessions },
    );
  };
  const pause = (futureSessions?: Decision) => leave(ahead ? leaving : 'paused', futureSessions);
  const move = (status: 'trained' | 'active') => {
    setError(null);
    setNotice(null);
    change.mutate({ status });
  };
  const resume = () => move('active');

  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Badge size="lg" color={coach.status === 'active' ? 'teal.9' : 'gray.7'}>
          {intl.formatMessage({ id: COACH_STATUS_LABELS[coach.status] })}
        </Badge>
      </Group>
      {coach.status === 'active' && (
        <Button
          variant="default"
          size="md"
          mih={44}
          leftSection={<IconPlayerPause size={20} aria-hidden />}
          onClick={() => pause()}
          loading={change.isPending && !ahead}
        >
          {name ? (
            <FormattedMessage id="staff.pause.pauseNamed" values={{ name: <bdi>{name}</bdi> }} />
          ) : (
            <FormattedMessage id="staff.pause.pause" />
          )}
        </Button>
      )}
      {coach.status === 'paused' && (
        <Button
          variant="default"
          size="md"
          mih={44}
          leftSection={<IconPlayerPlay size={20} aria-hidden />}
          onClick={resume}
          loading={change.isPending}
        >
          {name ? (
            <FormattedMessage id="staff.pause.resumeNamed" values={{ name: <bdi>{name}</bdi> }} />
          ) : (
            <FormattedMessage id="staff.pause.resume" />
          )}
        </Button>
      )}
      {lifecycle && coach.status === 'invited' && (
        <Button variant="light" size="md" mih={44} onClick={() => move('trained')} loading={change.isPending}>
          <FormattedMessage id="staff.lifecycle.markTrained" />
        </Button>
      )}
      {lifecycle && coach.status === 'trained' && (
        <Button
          variant="light"
          size="md"
          mih={44}
          leftSection={<IconPlayerPlay size={20} aria-hidden />}
          onClick={() => move('active')}
          loading={change.isPending}
        >
          <FormattedMessage id="staff.lifecycle.activate" />
        </Button>
      )}
      {lifecycle && coach.status !== 'retired' && (
        <Button variant="outline" color="red.9" size="md" mih={44} onClick={() => setConfirmRetire(true)}>
          <FormattedMessage id="staff.lifecycle.retire" />
        </Button>
      )}
      <Modal
        opened={confirmRetire && ahead === null}
        onClose={() => setConfirmRetire(false)}
        title={intl.formatMessage({ id: 'staff.lifecycle.retire' })}
        closeButtonProps={{ 'aria-label': intl.formatMessage({ id: 'staff.lifecycle.notNow' }) }}
        centered
      >
        <Stack gap="md">
          <Text>
            <FormattedMessage id="staff.lifecycle.retireFinal" />
          </Text>
          <FormError id={error} />
          <Button color="red.9" size="md" onClick={() => leave('retired')} loading={change.isPending}>
            <FormattedMessage id="staff.lifecycle.retireConfirm" />
          </Button>
          <Button variant="subtle" size="md" onClick={() => setConfirmRetire(false)}>
            <FormattedMessage id="staff.lifecycle.notNow" />
          </Button>
        </Stack>
      </Modal>
      {notice && (
        <Done>
          <FormattedMessage id={notice.id} values={{ count: notice.count ?? 0 }} />
        </Done>
      )}
      {!ahead && !confirmRetire && <FormError id={error} />}
      <Modal
        opened={ahead !== null}
        onClose={() => setAhead(null)}
        title={intl.formatMessage({ id: 'staff.pause.aheadTitle' }, { count: ahead?.length ?? 0 })}
        closeButtonProps={{ 'aria-label': intl.formatMessage({ id: 'staff.pause.notNow' }) }}
        centered
      >
        <Stack gap="md">
          <Text>
            <FormattedMessage id="staff.pause.aheadQuestion" />
          </Text>
          <Stack gap="xs" component="ul" className="plain-list" data-testid="future-sessions">
            {(ahead ?? []).map((s) => (
              <Card component="li" withBorder padding="xs" key={s.id}>
                <Text fw={700}>{formatDay(new Date(s.start), me.timeZone, locale)}</Text>
                <Text>
                  <TimePair start={new Date(s.start)} timeZone={me.timeZone} /> · <bdi>{s.newcomerDisplayName}</bdi>
                </Text>
              </Card>
            ))}
          </Stack>
          <Textarea
            label={intl.formatMessage({ id: 'staff.pause.reason' })}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            maxLength={500}
            autosize
            minRows={2}
          />
          <FormError id={error} />
          <Button
            color="red.9"
            size="md"
            onClick={() => pause('cancel')}
            loading={change.isPending && change.variables?.futureSessions === 'cancel'}
            leftSection={<IconTrash aria-hidden />}
            fullWidth
          >
            <FormattedMessage id={leaving === 'retired' ? 'staff.lifecycle.retireCancel' : 'staff.pause.cancelThem'} />
          </Button>
          <Button
            variant="light"
            size="md"
            onClick={() => pause('keep')}
            loading={change.isPending && change.variables?.futureSessions === 'keep'}
            leftSection={<IconCalendarCheck aria-hidden />}
            fullWidth
          >
            <FormattedMessage id={leaving === 'retired' ? 'staff.lifecycle.retireKeep' : 'staff.pause.keepThem'} />
          </Button>
          <Button
            variant="subtle"
            size="md"
            onClick={() => {
              setAhead(null);
              setConfirmRetire(false);
            }}
            fullWidth
          >
            <FormattedMessage id={leaving === 'retired' ? 'staff.lifecycle.notNow' : 'staff.pause.notNow'} />
          </Button>
        </Stack>
      </Modal>
    </Stack>
  );
}
