import { useState } from 'react';
import { useIntl } from 'react-intl';
import { type MappedErrors, mapApiError, type MessageId } from '../api/problem';
import { collectErrors } from './forms';

/**
 * The errors of an account form: the page's own checks before sending, the API's answer after.
 * `check` shows the page's findings (and `form`, for an error no field owns) and says whether to send.
 */
export function useFormErrors(initialForm: MessageId | null = null) {
  const intl = useIntl();
  const [errors, setErrors] = useState<MappedErrors>({ form: initialForm, fields: {} });
  const check = (checks: Record<string, MessageId | null>, form: MessageId | null = null) => {
    const fields = collectErrors(checks);
    setErrors({ form, fields });
    return Object.keys(fields).length === 0;
  };
  const showApiError = (error: unknown) => setErrors(mapApiError(error));
  const fieldError = (name: string) => (errors.fields[name] ? intl.formatMessage({ id: errors.fields[name] }) : undefined);
  /** A field's error goes as soon as the field is changed; the others stay until the next try. */
  const clearField = (name: string) =>
    setErrors((current) => {
      if (!(name in current.fields)) return current;
      const fields = { ...current.fields };
      delete fields[name];
      return { ...current, fields };
    });
  return { errors, check, showApiError, fieldError, clearField };
}
