import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { type ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import type { AppLocale } from '@app/i18n/locales';
import { I18nProvider } from '../i18n/I18nProvider';

/** Renders a part of the app with its real providers and the real catalogue of `locale`. */
export function renderIn(locale: AppLocale, ui: ReactElement, path = '/') {
  localStorage.setItem('cac.locale', locale);
  const queries = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <MantineProvider>
      <QueryClientProvider client={queries}>
        <I18nProvider>
          <MemoryRouter initialEntries={[path]}>{ui}</MemoryRouter>
        </I18nProvider>
      </QueryClientProvider>
    </MantineProvider>,
  );
}
