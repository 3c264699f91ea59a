import { Button, NativeSelect, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { ZONE_CITY_KEYS } from '@app/i18n/cities';
import { type AppLocale } from '@app/i18n/locales';
import { api, call } from '../api/client';
import { checkEmail, checkRequired } from '../auth/forms';
import { useFormErrors } from '../auth/useFormErrors';
import { AcademyField, LocaleField, SpokenLanguagesField } from '../components/AccountFields';
import { Done } from '../components/Done';
import { FormError } from '../components/FormError';
import { useCityName, useLocale } from '../i18n/I18nProvider';

type Role = 'coach' | 'coordinator';

/** The catalogue's cities first, then every other zone the browser knows, by its city and the zone's own name. */
function useZoneChoices(): Array<{ value: string; label: string }> {
  const city = useCityName();
  const { locale } = useLocale();
  return useMemo(() => {
    const named = Object.keys(ZONE_CITY_KEYS).map((zone) => ({ value: zone, label: city(zone) }));
    const others = Intl.supportedValuesOf('timeZone')
      .filter((zone) => !(zone in ZONE_CITY_KEYS))
      .map((zone) => ({ value: zone, label: `${city(zone)} (${zone})` }))
      .sort((a, b) => a.label.localeCompare(b.label, locale));
    return [...named.sort((a, b) => a.label.localeCompare(b.label, locale)), ...others];
  }, [city, locale]);
}

/**
 * A coordinator invites a coach or coordinator of their own academy; an admin
 * chooses the academy. The invitee gets the mail in the language chosen here and
 * sets their own password from its link.
 */
export function InviteForm({ chooseAcademy }: { chooseAcademy: boolean }) {
  const intl = useIntl();
  const queries = useQueryClient();
  const { locale: pageLocale } = useLocale();
  const zones = useZoneChoices();
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('coach');
  const [academyId, setAcademyId] = useState('');
  const [locale, setLocale] = useState<AppLocale>(pageLocale);
  const [languages, setLanguages] = useState<string[]>([]);
  const [timeZone, setTimeZone] = useState('');
  const { errors, check, showApiError, fieldError, clearField } = useFormErrors();
  const academies = useQuery({ queryKey: ['academies'], queryFn: () => call(api.GET('/v1/academies')), enabled: chooseAcademy });

  const invite = useMutation({
    mutationFn: () =>
      call(
        api.POST('/v1/users', {
          body: {
            displayName: displayName.trim(),
            email: email.trim(),
            role,
            locale,
            languages,
            timeZone,
            ...(chooseAcademy ? { academyId } : {}),
          },
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['users'] }),
    onError: showApiError,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const valid = check({
      displayName: checkRequired(displayName),
      email: checkEmail(email),
      languages: checkRequired(languages),
      timeZone: checkRequired(timeZone),
      ...(chooseAcademy ? { academyId: checkRequired(academyId) } : {}),
    });
    if (valid) invite.mutate();
  };
  const again = () => {
    invite.reset();
    setDisplayName('');
    setEmail('');
    setLanguages([]);
    setTimeZone('');
  };
  /** A field's error goes as soon as the field is changed; the others stay until the next try. */
  const edit =
    <T,>(name: string, set: (value: T) => void) =>
    (value: T) => {
      set(value);
      clearField(name);
    };
  const t = (id: string) => intl.formatMessage({ id });

  if (invite.isSuccess) {
    return (
      <Stack gap="sm">
        <Done>
          <FormattedMessage id="staff.invite.sent" values={{ email: <bdi key="email">{invite.data.email}</bdi> }} />
        </Done>
        <Button variant="light" size="md" onClick={again} style={{ alignSelf: 'flex-start' }}>
          <FormattedMessage id="staff.invite.open" />
        </Button>
      </Stack>
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="invite-title">
      <Stack gap="md">
        <Title order={2} fz={20} id="invite-title">
          <FormattedMessage id="staff.invite.open" />
        </Title>
        <Text fz="sm">
          <FormattedMessage id="staff.invite.lead" />
        </Text>
        <TextInput
          label={t('staff.invite.name')}
          value={displayName}
          onChange={(e) => edit('displayName', setDisplayName)(e.currentTarget.value)}
          error={fieldError('displayName')}
          required
        />
        <TextInput
          label={t('field.email')}
          type="email"
          inputMode="email"
          dir="ltr"
          value={email}
          onChange={(e) => edit('email', setEmail)(e.currentTarget.value)}
          error={fieldError('email')}
          required
        />
        <Radio.Group label={t('staff.invite.role')} value={role} onChange={(value) => setRole(value as Role)} required>
          <Stack gap={0} mt={4}>
            <Radio className="choice" value="coach" label={t('admin.users.role.coach')} />
            <Radio className="choice" value="coordinator" label={t('admin.users.role.coordinator')} />
          </Stack>
        </Radio.Group>
        {chooseAcademy && (
          <AcademyField
            label="staff.invite.academy"
            academies={academies.data ?? []}
            value={academyId}
            onChange={edit('academyId', setAcademyId)}
            error={fieldError('academyId')}
          />
        )}
        <NativeSelect
          label={t('staff.invite.timeZone')}
          description={t('staff.invite.timeZoneHint')}
          value={timeZone}
          onChange={(e) => edit('timeZone', setTimeZone)(e.currentTarget.value)}
          data={[{ value: '', label: t('staff.invite.chooseCity'), disabled: true }, ...zones]}
          error={fieldError('timeZone')}
          required
        />
        <SpokenLanguagesField
          label="staff.invite.languages"
          value={languages}
          onChange={edit('languages', setLanguages)}
          error={fieldError('languages')}
          pageLocale={pageLocale}
        />
        <LocaleField label="staff.invite.locale" value={locale} onChange={setLocale} error={fieldError('locale')} />
        <FormError id={errors.form} />
        <Button
          type="submit"
          size="md"
          loading={invite.isPending}
          leftSection={<IconSend aria-hidden />}
          style={{ alignSelf: 'flex-start' }}
        >
          <FormattedMessage id="staff.invite.submit" />
        </Button>
      </Stack>
    </form>
  );
}
