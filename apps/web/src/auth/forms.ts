import type { MessageId } from '../api/problem';

/** The checks the API makes, made first on the phone, with the same messages. */
export function checkEmail(value: string): MessageId | null {
  if (!value.trim()) return 'error.required';
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim()) ? null : 'error.email';
}

export function checkNewPassword(value: string): MessageId | null {
  if (!value) return 'error.required';
  return value.length >= 10 ? null : 'error.password';
}

export function checkRequired(value: string | readonly unknown[]): MessageId | null {
  return (typeof value === 'string' ? value.trim().length : value.length) > 0 ? null : 'error.required';
}

/** Only the fields that have an error. */
export function collectErrors(checks: Record<string, MessageId | null>): Record<string, MessageId> {
  return Object.fromEntries(Object.entries(checks).filter((entry): entry is [string, MessageId] => entry[1] !== null));
}
