import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderToString } from 'react-dom/server';
import { StaticRouter } from 'react-router';
import { type AppLocale, LOCALES, RIGHT_TO_LEFT } from '@app/i18n/locales';
import { Layout } from './components/Layout';
import { I18nProvider } from './i18n/I18nProvider';
import { Home } from './pages/Home';
import { theme } from './theme';

export { LOCALES, RIGHT_TO_LEFT };

/**
 * The home page as HTML, one per locale, written into index.<locale>.html at
 * build time (scripts/prerender.mjs): a phone on a slow connection shows it as
 * soon as the HTML and the CSS arrive, before any JavaScript has run. React then
 * renders the same page over it.
 */
export function renderHome(locale: AppLocale): string {
  return renderToString(
    <MantineProvider theme={theme}>
      <QueryClientProvider client={new QueryClient()}>
        <I18nProvider locale={locale}>
          <StaticRouter location="/">
            <Layout>
              <Home />
            </Layout>
          </StaticRouter>
        </I18nProvider>
      </QueryClientProvider>
    </MantineProvider>,
  );
}
