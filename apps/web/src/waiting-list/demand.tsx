import { useQuery } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import { api, call } from '../api/client';
import { topicLabel } from '../api/types';
import { useLocale } from '../i18n/I18nProvider';
import { languageName } from '../i18n/names';
import { numberFormat } from '../staff/Figures';
import { type DemandReport, waitingListKeys } from './waitingList';

export type DemandNeed = DemandReport['academies'][number]['needs'][number];

/** The coordinator's academy's unmet demand over the last year (the API's default period). */
export function useDemandReport() {
  return useQuery({
    queryKey: waitingListKeys.demand('', ''),
    queryFn: () => call(api.GET('/v1/reports/demand', { params: { query: {} } })),
  });
}

/** "Urdu · Housing: 8 waiting, longest wait 41 days", in the reader's language. */
export function useNeedText(): (need: DemandNeed) => string {
  const intl = useIntl();
  const { locale } = useLocale();
  const format = numberFormat(locale);
  return (need) =>
    intl.formatMessage(
      { id: 'demand.need' },
      {
        language: languageName(need.language, locale),
        topic: intl.formatMessage({ id: topicLabel(need.topic) }),
        count: format.count(need.open),
        days: format.count(need.longestWaitDays ?? 0),
      },
    );
}
