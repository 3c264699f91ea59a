import { ApiException } from '../errors/api.exception';
import { ErrorCode } from '../errors/error-code';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,200}$/;

/** Validates an Idempotency-Key header (booking, matching); undefined when none was sent. */
export function idempotencyKeyOf(value: string | undefined): string | undefined {
  if (value !== undefined && !IDEMPOTENCY_KEY.test(value)) {
    throw ApiException.field(ErrorCode.ValidationFailed, 'Idempotency-Key', 'must be 8–200 letters, digits or ._:-');
  }
  return value;
}
