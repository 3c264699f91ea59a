import { PasswordInput, TextInput } from '@mantine/core';
import { useIntl } from 'react-intl';

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
