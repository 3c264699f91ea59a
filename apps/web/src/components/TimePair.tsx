import { Text } from '@mantine/core';
import { useIntl } from 'react-intl';
import { useCityName, useLocale } from '../i18n/I18nProvider';
import { formatTime, formatWeekday, localDate } from '../time/format';

export interface TimePairProps {
  start: Date;
  /** The reader's zone. */
  timeZone: string;
  /** The other person, when known: their time is shown too. */
  coach?: { name: string; timeZone: string | null | undefined };
}

/**
 * "14:00 in Rome · 09:00 for Maryam in Toronto": both sides of a meeting, each
 * with its city. The coach's weekday is added when it is another day there.
 */
export function useTimePair(): (props: TimePairProps) => string {
  const intl = useIntl();
  const { locale } = useLocale();
  const city = useCityName();
  return ({ start, timeZone, coach }) => {
    const time = formatTime(start, timeZone, locale);
    // One time is enough when both live by the same clock.
    if (!coach?.timeZone || coach.timeZone === timeZone) return intl.formatMessage({ id: 'time.inCity' }, { time, city: city(timeZone) });
    const otherDay = localDate(start, coach.timeZone) !== localDate(start, timeZone);
    const coachTime = `${otherDay ? `${formatWeekday(start, coach.timeZone, locale)} ` : ''}${formatTime(start, coach.timeZone, locale)}`;
    return intl.formatMessage(
      { id: 'time.pair' },
      { time, city: city(timeZone), coachTime, coach: coach.name, coachCity: city(coach.timeZone) },
    );
  };
}

export function TimePair(props: TimePairProps) {
  const pair = useTimePair();
  return (
    <Text component="span" inherit>
      <bdi>{pair(props)}</bdi>
    </Text>
  );
}
