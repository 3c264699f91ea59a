import { Anchor, Button, NativeSelect, Stack, TextInput, Title } from '@mantine/core';
import { IconUserPlus } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { ZONE_CITY_KEYS } from '@app/i18n/cities';
import { api, call } from '../api/client';
import { checkEmail, checkNewPassword, checkRequired } from '../auth/forms';
import { useFormErrors } from '../auth/useFormErrors';
import { AcademyField, EmailField, LocaleField, NewPasswordField, SpokenLanguagesField } from '../components/AccountFields';
import { CheckMail } from '../components/CheckMail';
import { FormError } from '../components/FormError';
import { QueryError } from '../components/QueryError';
import { useCityName, useLocale } from '../i18n/I18nProvider';
import { detectedTimeZone } from '../time/format';

export default function Register() {
  const intl = useIntl();
  const city = useCityName();
  const { locale, setLocale } = useLocale();
  const detected = useMemo(detectedTimeZone, []);
  const zones = useMemo(() => [...new Set([detected, ...Object.keys(ZONE_CITY_KEYS)])], [detected]);

  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [languages, setLanguages] = useState<string[]>([locale]);
  const [academyId, setAcademyId] = useState<string>('');
  const [timeZone, setTimeZone] = useState(detected);
  const { errors, check, showApiError, fieldError } = useFormErrors();

  const academies = useQuery({ queryKey: ['academies'], queryFn: () => call(api.GET('/v1/academies')) });
  // The academy of the city whose clock the phone keeps is the likely one; the person confirms it.
  const chosenAcademy = academyId || academies.data?.find((a) => a.timeZone === detected)?.id || '';

  const register = useMutation({
    mutationFn: async () => {
      const body = {
        displayName: displayName.trim(),
        email: email.trim(),
        password,
        locale,
        languages,
        academyId: chosenAcademy,
        timeZone,
      };
      // 202 whether the address is new or not: the mail says which, so the page cannot tell anyone.
      await call(api.POST('/v1/auth/register', { body }));
    },
    onError: showApiError,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const valid = check({
      displayName: checkRequired(displayName),
      email: checkEmail(email),
      password: checkNewPassword(password),
      languages: checkRequired(languages),
      academyId: checkRequired(chosenAcademy),
    });
    if (valid) register.mutate();
  };

  if (register.isSuccess) {
    return (
      <Stack gap="md">
        <Title order={1} fz={26}>
          <FormattedMessage id="register.title" />
        </Title>
        <CheckMail id="account.registered" />
        <Anchor component={Link} to="/sign-in" ta="center" py="sm">
          <FormattedMessage id="register.haveAccount" />
        </Anchor>
      </Stack>
    );
  }

  if (academies.isError) return <QueryError error={academies.error} onRetry={() => academies.refetch()} />;

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Title order={1} fz={26}>
          <FormattedMessage id="register.title" />
        </Title>
        <TextInput
          label={intl.formatMessage({ id: 'field.name' })}
          autoComplete="name"
          value={displayName}
          onChange={(e) => setDisplayName(e.currentTarget.value)}
          error={fieldError('displayName')}
          required
        />
        <EmailField value={email} onChange={setEmail} error={fieldError('email')} />
        <NewPasswordField label="field.password" value={password} onChange={setPassword} error={fieldError('password')} />
        <LocaleField label="field.locale" value={locale} onChange={setLocale} error={fieldError('locale')} />
        <SpokenLanguagesField
          label="field.languages"
          value={languages}
          onChange={setLanguages}
          error={fieldError('languages')}
          pageLocale={locale}
        />
        <AcademyField
          label="field.academy"
          academies={academies.data ?? []}
          value={chosenAcademy}
          onChange={setAcademyId}
          error={fieldError('academyId')}
        />
        <NativeSelect
          label={intl.formatMessage({ id: 'field.timeZone' })}
          description={intl.formatMessage({ id: 'register.timeZoneDetected' }, { city: city(detected) })}
          value={timeZone}
          onChange={(e) => setTimeZone(e.currentTarget.value)}
          data={zones.map((zone) => ({ value: zone, label: city(zone) }))}
          error={fieldError('timeZone')}
        />
        <FormError id={errors.form} />
        <Button type="submit" loading={register.isPending} leftSection={<IconUserPlus aria-hidden />} fullWidth>
          <FormattedMessage id="register.submit" />
        </Button>
        <Anchor component={Link} to="/sign-in" ta="center" py="sm">
          <FormattedMessage id="register.haveAccount" />
        </Anchor>
      </Stack>
    </form>
  );
}
