import { Alert, Button, Checkbox, Radio, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useParams } from 'react-router';
import { api, call } from '../api/client';
import { ApiError, mapApiError } from '../api/problem';
import { topicLabel } from '../api/types';
import { useSession } from '../auth/useSession';
import { Done } from '../components/Done';
import { FormError } from '../components/FormError';
import { QueryError } from '../components/QueryError';
import { TimePair } from '../components/TimePair';
import { useLocale } from '../i18n/I18nProvider';
import { formatDay } from '../time/format';

const PROGRESS = ['none', 'some', 'good'] as const;
const CONCERNS = ['none', 'concern', 'urgent'] as const;
type Progress = (typeof PROGRESS)[number];
type Concern = (typeof CONCERNS)[number];

const PROGRESS_LABELS: Record<Progress, string> = {
  none: 'report.progress.none',
  some: 'report.progress.some',
  good: 'report.progress.good',
};
const CONCERN_LABELS: Record<Concern, string> = {
  none: 'report.concern.none',
  concern: 'report.concern.concern',
  urgent: 'report.concern.urgent',
};

/** The coach's report after a session: topics, progress, a next step and a safeguarding concern level with a private note. */
export default function CoachReport() {
  const { id = '' } = useParams();
  const intl = useIntl();
  const { locale } = useLocale();
  const me = useSession();
  const queryClient = useQueryClient();
  const session = useQuery({
    queryKey: ['session', id],
    queryFn: () => call(api.GET('/v1/sessions/{id}', { params: { path: { id } } })),
  });
  const existing = useQuery({
    queryKey: ['session', id, 'coach-report'],
    retry: false,
    queryFn: () => call(api.GET('/v1/sessions/{id}/coach-report', { params: { path: { id } } })),
  });
  const [draft, setDraft] = useState<{
    topics: string[];
    progress: Progress;
    nextStep: string;
    concern: Concern;
    concernNote: string;
  } | null>(null);
  const [noteError, setNoteError] = useState<string | undefined>();
  const save = useMutation({
    mutationFn: (body: { topics: string[]; progress: Progress; nextStep?: string; concern: Concern; concernNote?: string }) =>
      call(api.POST('/v1/sessions/{id}/coach-report', { params: { path: { id } }, body })),
    onSuccess: (saved) => queryClient.setQueryData(['session', id, 'coach-report'], saved),
  });

  if (session.isError) return <QueryError error={session.error} onRetry={() => session.refetch()} />;
  if (!session.data || !me || existing.isPending) return null;
  const absent = existing.error instanceof ApiError && existing.error.problem.status === 404;
  if (existing.isError && !absent) return <QueryError error={existing.error} onRetry={() => existing.refetch()} />;

  const start = new Date(session.data.start);
  const form = draft ?? {
    topics: existing.data?.topics ?? [session.data.topic],
    progress: existing.data?.progress ?? 'some',
    nextStep: existing.data?.nextStep ?? '',
    concern: existing.data?.concern ?? 'none',
    concernNote: existing.data?.concernNote ?? '',
  };
  const change = (patch: Partial<typeof form>) => setDraft({ ...form, ...patch });
  const topics = [...new Set([session.data.topic, ...form.topics])];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (form.concern !== 'none' && !form.concernNote.trim()) {
      setNoteError(intl.formatMessage({ id: 'report.noteRequired' }));
      return;
    }
    setNoteError(undefined);
    save.mutate({
      topics: form.topics,
      progress: form.progress,
      concern: form.concern,
      ...(form.nextStep.trim() ? { nextStep: form.nextStep.trim() } : {}),
      ...(form.concernNote.trim() ? { concernNote: form.concernNote.trim() } : {}),
    });
  };
  const apiFields = save.isError ? mapApiError(save.error).fields : {};
  const fieldError = (field: string) => (apiFields[field] ? intl.formatMessage({ id: apiFields[field] }) : undefined);

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Title order={1} fz={26}>
          <FormattedMessage id="report.title" />
        </Title>
        <Text fw={700}>{formatDay(start, me.user.timeZone, locale)}</Text>
        <Text>
          <TimePair start={start} timeZone={me.user.timeZone} /> · <bdi>{session.data.newcomer.displayName}</bdi>
        </Text>
        <Checkbox.Group
          label={intl.formatMessage({ id: 'report.topics' })}
          value={form.topics}
          onChange={(v) => change({ topics: v })}
          error={fieldError('topics')}
        >
          <Stack gap={0} mt={4}>
            {topics.map((topic) => (
              <Checkbox key={topic} className="choice" value={topic} label={intl.formatMessage({ id: topicLabel(topic) })} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Radio.Group
          label={intl.formatMessage({ id: 'report.progress' })}
          value={form.progress}
          onChange={(v) => change({ progress: v as Progress })}
        >
          <Stack gap={0} mt={4}>
            {PROGRESS.map((value) => (
              <Radio key={value} className="choice" value={value} label={intl.formatMessage({ id: PROGRESS_LABELS[value] })} />
            ))}
          </Stack>
        </Radio.Group>
        <TextInput
          label={intl.formatMessage({ id: 'report.nextStep' })}
          description={intl.formatMessage({ id: 'feedback.optional' })}
          value={form.nextStep}
          onChange={(e) => change({ nextStep: e.currentTarget.value })}
          maxLength={500}
          error={fieldError('nextStep')}
        />
        <Radio.Group
          label={intl.formatMessage({ id: 'report.concern' })}
          description={intl.formatMessage({ id: 'report.concernHelp' })}
          value={form.concern}
          onChange={(v) => change({ concern: v as Concern })}
        >
          <Stack gap={0} mt={4}>
            {CONCERNS.map((value) => (
              <Radio key={value} className="choice" value={value} label={intl.formatMessage({ id: CONCERN_LABELS[value] })} />
            ))}
          </Stack>
        </Radio.Group>
        {form.concern !== 'none' && (
          <Textarea
            label={intl.formatMessage({ id: 'report.concernNote' })}
            description={intl.formatMessage({ id: 'report.concernNoteHelp' })}
            value={form.concernNote}
            onChange={(e) => {
              setNoteError(undefined);
              change({ concernNote: e.currentTarget.value });
            }}
            autosize
            minRows={3}
            maxLength={2000}
            required
            error={noteError ?? fieldError('concernNote')}
          />
        )}
        {existing.data?.flag === 'closed' && (
          <Alert color="gray" role="status">
            <FormattedMessage id="report.flagClosed" />
          </Alert>
        )}
        <FormError id={save.isError && Object.keys(apiFields).length === 0 ? (mapApiError(save.error).form ?? 'error.generic') : null} />
        {save.isSuccess && (
          <Done>
            <FormattedMessage id={save.data.concern === 'urgent' ? 'report.savedUrgent' : 'report.saved'} />
          </Done>
        )}
        <Button type="submit" loading={save.isPending} leftSection={<IconDeviceFloppy aria-hidden />} fullWidth>
          <FormattedMessage id="report.submit" />
        </Button>
      </Stack>
    </form>
  );
}
