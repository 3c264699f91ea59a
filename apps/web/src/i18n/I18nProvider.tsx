import { DirectionProvider, useDirection } from '@mantine/core';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import { type AppLocale, intlTag, isAppLocale, pickLocale, RIGHT_TO_LEFT } from '@app/i18n/locales';
import { cityOfZone, ZONE_CITY_KEYS } from '@app/i18n/cities';
import { loadScriptFonts } from './fonts';

type Messages = Record<string, string>;

/**
 * All seven catalogues ship with the first page (about 18 KB gzipped in all):
 * on a slow connection one more round trip before the first render costs far
 * more than those bytes (bench/README.md).
 */
const CATALOGUES = import.meta.glob<Messages>('../../../../libs/i18n/src/messages/*.json', { import: 'default', eager: true });

/** One catalogue, for words shown in another language than the page's (a consent statement in the newcomer's language). */
export function messagesOf(locale: AppLocale): Messages {
  const entry = Object.entries(CATALOGUES).find(([path]) => path.endsWith(`/${locale}.json`));
  if (!entry) throw new Error(`no catalogue for ${locale}`);
  return entry[1];
}

const STORAGE_KEY = 'cac.locale';

/** The account's locale once signed in; before that the one chosen here, else the browser's. */
export function initialLocale(): AppLocale {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  if (isAppLocale(stored)) return stored;
  return pickLocale(typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]));
}

interface LocaleContextValue {
  locale: AppLocale;
  setLocale: (locale: AppLocale) => void;
}

const LocaleContext = createContext<LocaleContextValue>({ locale: 'en', setLocale: () => undefined });

export function useLocale(): LocaleContextValue {
  return useContext(LocaleContext);
}

function DirectionSync({ rtl }: { rtl: boolean }) {
  const { setDirection } = useDirection();
  useEffect(() => setDirection(rtl ? 'rtl' : 'ltr'), [rtl, setDirection]);
  return null;
}

export function I18nProvider({
  children,
  locale: fixed,
}: {
  children: ReactNode;
  /** Pre-rendering sets it; the browser chooses otherwise. */ locale?: AppLocale;
}) {
  const [locale, setLocaleState] = useState<AppLocale>(() => fixed ?? initialLocale());

  const setLocale = useCallback((next: AppLocale) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLocaleState(next);
  }, []);

  const rtl = RIGHT_TO_LEFT.has(locale);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.documentElement.dir = rtl ? 'rtl' : 'ltr';
    loadScriptFonts(locale);
  }, [locale, rtl]);

  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  const messages = useMemo(() => messagesOf(locale), [locale]);
  return (
    <LocaleContext.Provider value={value}>
      <DirectionProvider initialDirection={rtl ? 'rtl' : 'ltr'} detectDirection={false}>
        <DirectionSync rtl={rtl} />
        <IntlProvider locale={intlTag(locale)} messages={messages} defaultLocale="en-GB">
          {children}
        </IntlProvider>
      </DirectionProvider>
    </LocaleContext.Provider>
  );
}

/** A zone as the city people know, in the reader's language where the catalogue has it. */
export function useCityName(): (zone: string) => string {
  const intl = useIntl();
  return useCallback(
    (zone: string) => {
      const key = ZONE_CITY_KEYS[zone];
      return key && intl.messages[key] ? intl.formatMessage({ id: key }) : cityOfZone(zone);
    },
    [intl],
  );
}
