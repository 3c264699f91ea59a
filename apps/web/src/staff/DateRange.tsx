import { Group, TextInput } from '@mantine/core';
import { useIntl } from 'react-intl';

interface DateRangeProps {
  from: string;
  to: string;
  onFrom: (value: string) => void;
  onTo: (value: string) => void;
  errorOf: (field: 'from' | 'to') => string | undefined;
}

/** The first and last day of a period, side by side where there is room and one above the other on a narrow phone. */
export function DateRangeFields({ from, to, onFrom, onTo, errorOf }: DateRangeProps) {
  const intl = useIntl();
  return (
    <Group grow align="flex-start" wrap="wrap">
      <TextInput
        type="date"
        size="md"
        label={intl.formatMessage({ id: 'coordinator.reports.from' })}
        value={from}
        onChange={(e) => onFrom(e.currentTarget.value)}
        error={errorOf('from')}
        miw={150}
      />
      <TextInput
        type="date"
        size="md"
        label={intl.formatMessage({ id: 'coordinator.reports.to' })}
        value={to}
        onChange={(e) => onTo(e.currentTarget.value)}
        error={errorOf('to')}
        miw={150}
      />
    </Group>
  );
}
