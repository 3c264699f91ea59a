import { Anchor, Box, Button, Container, Group, NativeSelect } from '@mantine/core';
import {
  IconAlertTriangle,
  IconCalendarEvent,
  IconCalendarPlus,
  IconHistory,
  IconUserHeart,
  IconChartBar,
  IconListCheck,
  IconUsers,
  IconClockHour4,
  IconHome,
  IconLogout,
  IconSearch,
  IconUserShield,
} from '@tabler/icons-react';
import { type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, NavLink, useNavigate } from 'react-router';
import { type AppLocale, LOCALE_NAMES, LOCALES } from '@app/i18n/locales';
import { api, call } from '../api/client';
import { useSession } from '../auth/useSession';
import { useLocale } from '../i18n/I18nProvider';

/** Where each role starts. */
export function homeOf(role: string): string {
  return role === 'newcomer' ? '/find' : role === 'coach' ? '/coach/hours' : role === 'coordinator' ? '/staff' : '/sessions';
}

function NavItem({ to, icon, label, end }: { to: string; icon: ReactNode; label: string; end?: boolean }) {
  return (
    <Button component={NavLink} to={to} end={end} variant="subtle" size="md" className="nav-link" leftSection={icon}>
      {label}
    </Button>
  );
}

/** The frame of every page: the name, the language (changeable on every page), and for signed-in people the menu. */
export function Layout({ children }: { children: ReactNode }) {
  const intl = useIntl();
  const { locale, setLocale } = useLocale();
  const session = useSession();
  const navigate = useNavigate();

  const signOut = () => void navigate('/sign-out');
  const chooseLocale = (next: AppLocale) => {
    setLocale(next);
    // Signed in, the choice is the account's, so that the mails come in it too. If the API cannot be
    // reached the page keeps the choice; the account keeps the last one it heard until the next change.
    if (session) call(api.PATCH('/v1/me', { body: { locale: next } })).catch(() => undefined);
  };

  return (
    <>
      <a className="skip" href="#main">
        {intl.formatMessage({ id: 'nav.main' })}
      </a>
      <Box component="header" bg="blue.9" c="white" py="xs">
        <Container size="sm">
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Anchor component={Link} to={session ? homeOf(session.user.role) : '/'} c="white" fw={700} fz="lg" underline="never">
              <FormattedMessage id="app.name" />
            </Anchor>
            <NativeSelect
              size="md"
              aria-label={intl.formatMessage({ id: 'nav.language' })}
              value={locale}
              onChange={(event) => chooseLocale(event.currentTarget.value as AppLocale)}
              data={LOCALES.map((value) => ({ value, label: LOCALE_NAMES[value] }))}
              w={150}
            />
          </Group>
        </Container>
      </Box>
      {session && (
        <Box component="nav" aria-label={intl.formatMessage({ id: 'nav.main' })} bg="gray.0" py={4}>
          <Container size="sm">
            <Group gap={4} wrap="wrap">
              {session.user.role === 'newcomer' && (
                <NavItem to="/find" icon={<IconSearch size={20} aria-hidden />} label={intl.formatMessage({ id: 'nav.find' })} />
              )}
              {session.user.role === 'coach' && (
                <NavItem
                  to="/coach/hours"
                  icon={<IconClockHour4 size={20} aria-hidden />}
                  label={intl.formatMessage({ id: 'coach.nav.hours' })}
                />
              )}
              {session.user.role === 'coordinator' && (
                <NavItem
                  to="/staff"
                  end
                  icon={<IconHome size={20} aria-hidden />}
                  label={intl.formatMessage({ id: 'coordinator.nav.home' })}
                />
              )}
              {session.user.role === 'coordinator' && (
                <NavItem
                  to="/staff/reports"
                  icon={<IconChartBar size={20} aria-hidden />}
                  label={intl.formatMessage({ id: 'coordinator.nav.reports' })}
                />
              )}
              {(session.user.role === 'coordinator' || session.user.role === 'admin') && (
                <NavItem
                  to="/staff/flags"
                  icon={<IconAlertTriangle size={20} aria-hidden />}
                  label={intl.formatMessage({ id: 'flags.nav' })}
                />
              )}
              {session.user.role === 'coordinator' && (
                <NavItem
                  to="/staff/demand"
                  icon={<IconListCheck size={20} aria-hidden />}
                  label={intl.formatMessage({ id: 'coordinator.nav.demand' })}
                />
              )}
              {session.user.role === 'coordinator' && (
                <NavItem
                  to="/staff/coaches"
                  icon={<IconUsers size={20} aria-hidden />}
                  label={intl.formatMessage({ id: 'coordinator.nav.coaches' })}
                />
              )}
              {session.user.role === 'coordinator' && (
                <NavItem
                  to="/staff/newcomers"
                  icon={<IconUserHeart size={20} aria-hidden />}
                  label={intl.formatMessage({ id: 'coordinator.nav.newcomers' })}
                />
              )}
              {session.user.role === 'coordinator' && (
                <NavItem
                  to="/staff/book"
                  icon={<IconCalendarPlus size={20} aria-hidden />}
                  label={intl.formatMessage({ id: 'coordinator.nav.book' })}
                />
              )}
              {session.user.role === 'admin' && (
                <NavItem to="/staff/admin" icon={<IconHome size={20} aria-hidden />} label={intl.formatMessage({ id: 'admin.nav.home' })} />
              )}
              {(session.user.role === 'admin' || session.user.role === 'coordinator') && (
                <NavItem
                  to="/staff/users"
                  icon={<IconUsers size={20} aria-hidden />}
                  label={intl.formatMessage({ id: 'admin.nav.users' })}
                />
              )}
              {session.user.role === 'coordinator' && (
                <NavItem
                  to="/staff/audit"
                  icon={<IconHistory size={20} aria-hidden />}
                  label={intl.formatMessage({ id: 'coordinator.nav.audit' })}
                />
              )}
              <NavItem
                to="/sessions"
                icon={<IconCalendarEvent size={20} aria-hidden />}
                label={intl.formatMessage({ id: 'nav.sessions' })}
              />
              <NavItem to="/me" icon={<IconUserShield size={20} aria-hidden />} label={intl.formatMessage({ id: 'nav.data' })} />
              <Button
                variant="subtle"
                color="gray"
                size="md"
                className="nav-link"
                leftSection={<IconLogout size={20} aria-hidden />}
                onClick={signOut}
              >
                <FormattedMessage id="nav.signOut" />
              </Button>
            </Group>
          </Container>
        </Box>
      )}
      <Container size="sm" component="main" id="main" className="page">
        {children}
      </Container>
    </>
  );
}
