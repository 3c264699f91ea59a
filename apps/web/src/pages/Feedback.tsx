import { Alert, Button, Group, Radio, Stack, Text, Textarea, Title, UnstyledButton } from '@mantine/core';
import { IconMoodCry, IconMoodEmpty, IconMoodHappy, IconMoodSad, IconMoodSmile, IconSend } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { api, call } from '../api/client';
import { mapApiError } from '../api/problem';
import { takeLinkToken } from '../auth/linkToken';
import { Done } from '../components/Done';
import { FormError } from '../components/FormError';

/**
 * The five faces, worst to best, with the words the mail shows under them. Drawn as icons, not emoji:
 * a phone without a colour-emoji font would show empty boxes.
 */
const FACES = [
  { score: 1, Face: IconMoodCry, color: '#c92a2a', label: 'mail.face.veryBad' },
  { score: 2, Face: IconMoodSad, color: '#e8590c', label: 'mail.face.bad' },
  { score: 3, Face: IconMoodEmpty, color: '#495057', label: 'mail.face.okay' },
  { score: 4, Face: IconMoodSmile, color: '#1864ab', label: 'mail.face.good' },
  { score: 5, Face: IconMoodHappy, color: '#2b8a3e', label: 'mail.face.veryGood' },
] as const;

const HAPPENED = [
  { value: 'yes', label: 'feedback.happened.yes' },
  { value: 'coach_absent', label: 'feedback.happened.coachAbsent' },
  { value: 'newcomer_absent', label: 'feedback.happened.newcomerAbsent' },
] as const;
type Happened = (typeof HAPPENED)[number]['value'];

/** The token and the face tapped in the mail, from the fragment (never sent to a server), then wiped from the address bar. */
function takeFeedbackLink(): { token: string | null; score: number | null } {
  const score = Number(new URLSearchParams(window.location.hash.replace(/^#/, '')).get('score'));
  const token = takeLinkToken();
  return { token, score: Number.isInteger(score) && score >= 1 && score <= 5 ? score : null };
}

/**
 * The page behind the five faces of the feedback mail. No sign-in: the link's
 * token is the proof. Opening it records the face tapped at once; the page then
 * offers two optional questions. Any later tap within 14 days replaces the answer.
 */
export default function Feedback() {
  const intl = useIntl();
  const [link] = useState(takeFeedbackLink);
  const [score, setScore] = useState<number | null>(link.score);
  const [happened, setHappened] = useState<Happened | ''>('');
  const [comment, setComment] = useState('');
  const sentOnOpen = useRef(false);

  const record = useMutation({
    mutationFn: (body: { score: number; happened?: Happened; comment?: string }) =>
      call(api.POST('/v1/feedback', { body: { token: link.token!, ...body } })),
  });
  const details = useMutation({
    mutationFn: () =>
      call(
        api.POST('/v1/feedback', {
          body: { token: link.token!, score: score!, ...(happened ? { happened } : {}), comment: comment.trim() },
        }),
      ),
  });

  useEffect(() => {
    // Once, even under React's double effects in development: the tap in the mail is the answer.
    if (sentOnOpen.current || !link.token || link.score === null) return;
    sentOnOpen.current = true;
    record.mutate({ score: link.score });
  }, [link, record]);

  if (!link.token) {
    return (
      <Alert color="gray" role="status">
        <FormattedMessage id="feedback.noLink" />
      </Alert>
    );
  }
  const refused = record.isError ? mapApiError(record.error).form : null;

  const choose = (value: number) => {
    setScore(value);
    record.mutate({ score: value });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (score !== null) details.mutate();
  };

  return (
    <Stack gap="lg">
      <Title order={1} fz={26}>
        <FormattedMessage id="feedback.title" />
      </Title>
      <div role="group" aria-labelledby="faces-label">
        <Text id="faces-label" mb="xs">
          <FormattedMessage id="feedback.tapFace" />
        </Text>
        <Group gap={4} justify="space-between" wrap="nowrap">
          {FACES.map((face) => (
            <UnstyledButton
              key={face.score}
              className="face"
              aria-pressed={score === face.score}
              onClick={() => choose(face.score)}
              data-score={face.score}
            >
              <face.Face size={40} color={face.color} aria-hidden="true" />
              <span className="face-label">{intl.formatMessage({ id: face.label })}</span>
            </UnstyledButton>
          ))}
        </Group>
      </div>
      <FormError id={refused ? 'feedback.noLink' : null} />
      {record.isSuccess && !details.isSuccess && (
        <Done>
          <FormattedMessage id="feedback.saved" />
        </Done>
      )}
      {score !== null && !refused && (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Radio.Group
              label={intl.formatMessage({ id: 'feedback.happened' })}
              description={intl.formatMessage({ id: 'feedback.optional' })}
              value={happened}
              onChange={(v) => setHappened(v as Happened)}
            >
              <Stack gap={0} mt={4}>
                {HAPPENED.map((h) => (
                  <Radio key={h.value} className="choice" value={h.value} label={intl.formatMessage({ id: h.label })} />
                ))}
              </Stack>
            </Radio.Group>
            <Textarea
              label={intl.formatMessage({ id: 'feedback.comment' })}
              description={intl.formatMessage({ id: 'feedback.optional' })}
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
              autosize
              minRows={3}
              maxLength={1000}
            />
            <FormError id={details.isError ? (mapApiError(details.error).form ?? 'error.generic') : null} />
            {details.isSuccess ? (
              <Done>
                <FormattedMessage id="feedback.thanks" />
              </Done>
            ) : (
              <Button type="submit" loading={details.isPending} leftSection={<IconSend aria-hidden />} fullWidth>
                <FormattedMessage id="feedback.send" />
              </Button>
            )}
          </Stack>
        </form>
      )}
    </Stack>
  );
}
