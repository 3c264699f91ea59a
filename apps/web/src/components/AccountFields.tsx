import { Checkbox, NativeSelect, PasswordInput, Radio, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useIntl } from 'react-intl';
import { type AppLocale, isAppLocale, LOCALE_NAMES, LOCALES } from '@app/i18n/locales';
import { languageName, SPOKEN_LANGUAGES } from '../i18n/names';

interface FieldProps {
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}

/** An e-mail address: the phone's address keyboard, and left to right in every language. */
export function EmailField({ value, onChange, error }: FieldProps) {
  const intl = useIntl();
  return (
    <TextInput
      label={intl.formatMessage({ id: 'field.email' })}
      type="email"
      inputMode="email"
      autoComplete="email"
      dir="ltr"
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      required
    />
  );
}

/** A password being chosen: the rule it must meet is said before it is broken, and password managers offer one. */
export function NewPasswordField({
  label,
  value,
  onChange,
  error,
}: FieldProps & { label: 'field.password' | 'account.field.newPassword' }) {
  const intl = useIntl();
  return (
    <PasswordInput
      label={intl.formatMessage({ id: label })}
      description={intl.formatMessage({ id: 'field.passwordHint' })}
      autoComplete="new-password"
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      required
    />
  );
}

/** The languages a person speaks, ticked from the list matching works with, named in the page's language. */
export function SpokenLanguagesField({
  label,
  value,
  onChange,
  error,
  pageLocale,
}: {
  label: 'field.languages' | 'staff.invite.languages';
  value: string[];
  onChange: (value: string[]) => void;
  error: string | undefined;
  pageLocale: AppLocale;
}) {
  const intl = useIntl();
  return (
    <Checkbox.Group label={intl.formatMessage({ id: label })} value={value} onChange={onChange} error={error} required>
      <SimpleGrid cols={2} spacing={0} mt={4}>
        {SPOKEN_LANGUAGES.map((code) => (
          <Checkbox key={code} className="choice" value={code} label={languageName(code, pageLocale)} />
        ))}
      </SimpleGrid>
    </Checkbox.Group>
  );
}

/** One of the academies, each a large radio button. */
export function AcademyField({
  label,
  academies,
  value,
  onChange,
  error,
}: {
  label: 'field.academy' | 'staff.invite.academy';
  academies: ReadonlyArray<{ id: string; name: string }>;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}) {
  const intl = useIntl();
  return (
    <Radio.Group label={intl.formatMessage({ id: label })} value={value} onChange={onChange} error={error} required>
      <Stack gap={0} mt={4}>
        {academies.map((academy) => (
          <Radio key={academy.id} className="choice" value={academy.id} label={academy.name} />
        ))}
      </Stack>
    </Radio.Group>
  );
}

/** The language of an account (of its mails, and of the app once signed in), each named in itself. */
export function LocaleField({
  label,
  value,
  onChange,
  error,
}: {
  label: 'field.locale' | 'staff.invite.locale';
  value: AppLocale;
  onChange: (value: AppLocale) => void;
  error: string | undefined;
}) {
  const intl = useIntl();
  return (
    <NativeSelect
      label={intl.formatMessage({ id: label })}
      value={value}
      onChange={(e) => isAppLocale(e.currentTarget.value) && onChange(e.currentTarget.value)}
      data={LOCALES.map((locale) => ({ value: locale, label: LOCALE_NAMES[locale] }))}
      error={error}
    />
  );
}
