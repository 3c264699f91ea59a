import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconArrowBack, IconCalendarCheck } from '@tabler/icons-react';
import { type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { MessageId } from '../api/problem';
import { useLocale } from '../i18n/I18nProvider';
import { formatDay } from '../time/format';
import { FormError } from './FormError';
import { NotVerified } from './NotVerified';
import { TimePair, type TimePairProps } from './TimePair';

/** The second tap: the chosen time, both sides of it, and one button. */
export function BookDialog({
  slot,
  title,
  confirm,
  pending,
  error,
  onConfirm,
  onClose,
}: {
  slot: TimePairProps | null;
  title: string;
  confirm: ReactNode;
  pending: boolean;
  error: MessageId | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const intl = useIntl();
  const { locale } = useLocale();
  return (
    <Modal
      opened={slot !== null}
      onClose={onClose}
      title={title}
      centered
      closeButtonProps={{ 'aria-label': intl.formatMessage({ id: 'book.back' }) }}
    >
      {slot && (
        <Stack gap="md">
          <Text fw={700}>{formatDay(slot.start, slot.timeZone, locale)}</Text>
          <Text>
            <TimePair {...slot} />
          </Text>
          {error === 'account.error.notVerified' ? <NotVerified /> : <FormError id={error} />}
          <Button onClick={onConfirm} loading={pending} leftSection={<IconCalendarCheck aria-hidden />} fullWidth data-autofocus>
            {confirm}
          </Button>
          <Group justify="center">
            <Button variant="subtle" onClick={onClose} leftSection={<IconArrowBack aria-hidden />}>
              <FormattedMessage id="book.back" />
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
