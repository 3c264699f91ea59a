import { IsString, Matches, MaxLength, ValidateIf, type ValidationOptions, registerDecorator } from 'class-validator';
import ISO6391 from 'iso-639-1';
import { DateTime } from 'luxon';
import { ApiException } from '../errors/api.exception';
import { ErrorCode } from '../errors/error-code';

/** The OpenAPI patterns of local times: "HH:mm", and as an end also "24:00". */
export const LOCAL_TIME_PATTERN = '^([01]\\d|2[0-3]):[0-5]\\d$';
export const LOCAL_END_TIME_PATTERN = '^(([01]\\d|2[0-3]):[0-5]\\d|24:00)$';

/** "HH:mm" on the 24-hour clock; `allowMidnightEnd` also accepts "24:00" (the end of the day). */
export function IsLocalTime(options: ValidationOptions & { allowMidnightEnd?: boolean } = {}) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isLocalTime',
      target: target.constructor,
      propertyName,
      options: { message: `must be a time as HH:mm${options.allowMidnightEnd ? ' (24:00 allowed as an end)' : ''}`, ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          (/^([01]\d|2[0-3]):[0-5]\d$/.test(value) || (options.allowMidnightEnd === true && value === '24:00')),
      },
    });
}

/**
 * An IANA zone name ("Europe/Rome", "Etc/GMT+2", "UTC") that Intl knows. Not
 * class-validator's IsTimeZone, which asks Intl alone: from Node 22's ICU on,
 * Intl also takes a bare offset such as "+02:00", and an offset is exactly what
 * a wall-clock rule must never be stored as (it does not follow DST).
 */
export function isIanaTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || !/^[A-Za-z][A-Za-z0-9_]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export function IsTimeZone(options: ValidationOptions = {}) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName,
      options: { message: 'must be an IANA time zone such as Europe/Rome', ...options },
      validator: { validate: isIanaTimeZone },
    });
}

/** "YYYY-MM-DD" that exists in the calendar, between 2000 and 2100. */
export function IsLocalDate(options: ValidationOptions = {}) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isLocalDate',
      target: target.constructor,
      propertyName,
      options: { message: 'must be a date as YYYY-MM-DD', ...options },
      validator: { validate: (value: unknown) => isLocalDate(value) },
    });
}

export function isLocalDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = DateTime.fromISO(value, { zone: 'UTC' });
  return date.isValid && date.year >= 2000 && date.year <= 2100;
}

/** An ISO 8601 instant that carries its offset ("Z" or ±hh:mm), so it means one moment everywhere. */
export function IsInstant(options: ValidationOptions = {}) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName,
      options: { message: 'must be an ISO 8601 date-time with an offset, e.g. 2026-03-30T18:00:00+02:00', ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
          DateTime.fromISO(value, { setZone: true }).isValid &&
          DateTime.fromISO(value).year >= 2000 &&
          DateTime.fromISO(value).year <= 2100,
      },
    });
}

/** Refuses local intervals whose end is not after their start ("HH:mm" compares as text), naming each `field.i.end`. */
export function assertEndsAfterStart(intervals: ReadonlyArray<{ start: string; end: string }>, field: string): void {
  const bad = intervals.flatMap((interval, index) => (interval.end > interval.start ? [] : [index]));
  if (bad.length > 0) {
    throw new ApiException(
      ErrorCode.ValidationFailed,
      'Each interval must end after it starts',
      bad.map((i) => ({ field: `${field}.${i}.end`, message: 'must be after start' })),
    );
  }
}

/**
 * A two-letter ISO 639-1 code that exists ("it", "ur", "fa"), checked against
 * the list of the iso-639-1 package: "qz" has the right shape and names no
 * language, so it would match nobody.
 */
export function IsLanguageCode(options: ValidationOptions = {}) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isLanguageCode',
      target: target.constructor,
      propertyName,
      options: {
        message: options.each
          ? 'each entry must be an ISO 639-1 code such as it, ur or fa'
          : 'must be an ISO 639-1 code such as it, ur or fa',
        ...options,
      },
      validator: { validate: (value: unknown) => typeof value === 'string' && ISO6391.validate(value) },
    });
}

/** A topic slug: "employment", "housing", "public-services". */
export function IsTopic(options: ValidationOptions = {}) {
  return Matches(/^[a-z][a-z0-9_-]{1,39}$/, {
    message: options.each ? 'each topic must be a lower-case slug such as employment' : 'must be a topic slug such as employment',
    ...options,
  });
}

/** Session lengths a coach may offer, in minutes. */
export const SESSION_LENGTHS = [15, 20, 30, 45, 60, 75, 90, 120];
export const SESSION_LENGTHS_MESSAGE = `must be one of ${SESSION_LENGTHS.join(', ')}`;

/**
 * For a field that may be left out but, when present, must have a value:
 * unlike `@IsOptional()`, `null` is refused (naming the field) instead of
 * reaching a NOT NULL column. Fields that really take `null` say so with
 * `@IsOptional()` and `@ValidateIf((_o, v) => v !== null)`.
 */
export function IsOmittable(options: ValidationOptions = {}) {
  return (target: object, propertyName: string) => {
    registerDecorator({
      name: 'isNotNull',
      target: target.constructor,
      propertyName,
      options: { message: 'must not be null; leave the field out instead', ...options },
      validator: { validate: (value: unknown) => value !== null },
    });
    ValidateIf((_object, value) => value !== undefined)(target, propertyName);
  };
}

/** C0 control characters and DEL, except tab, line feed and carriage return. NUL among them is refused by PostgreSQL. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true;
  }
  return false;
}

/** Refuses C0 control characters other than tabs and line breaks (NUL among them, which PostgreSQL refuses). */
export function HasNoControlCharacters(options: ValidationOptions = {}) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'hasNoControlCharacters',
      target: target.constructor,
      propertyName,
      options: { message: 'must not contain control characters (other than tabs and line breaks)', ...options },
      validator: { validate: (value: unknown) => typeof value !== 'string' || !hasControlCharacter(value) },
    });
}

/**
 * Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069):
 * they reorder the text around them, so a name or a reason holding one can
 * rearrange a mail subject or an .ics line it is placed in. The marks
 * (U+200E, U+200F, U+061C) are left alone: they only set the direction of the
 * characters beside them, and Arabic, Urdu and Farsi keyboards type them.
 */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/u;

/** Refuses bidirectional embeddings, overrides and isolates (see `BIDI_CONTROLS`). */
export function HasNoBidiControls(options: ValidationOptions = {}) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'hasNoBidiControls',
      target: target.constructor,
      propertyName,
      options: { message: 'must not contain bidirectional control characters (U+202A–U+202E, U+2066–U+2069)', ...options },
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !BIDI_CONTROLS.test(value),
      },
    });
}

/**
 * The one rule for free text (bios, reasons, notes): a string of at most
 * `maxLength` characters without control characters other than tabs and line
 * breaks, and without bidirectional controls.
 */
export function IsFreeText(maxLength: number, options: ValidationOptions = {}) {
  return (target: object, propertyName: string) => {
    HasNoBidiControls(options)(target, propertyName);
    HasNoControlCharacters(options)(target, propertyName);
    MaxLength(maxLength, options)(target, propertyName);
    IsString(options)(target, propertyName);
  };
}
