import { ApiHeader } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiException } from '../errors/api.exception';
import { ErrorCode } from '../errors/error-code';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,200}$/;

/** The header a route reads with `@Headers(IDEMPOTENCY_KEY_HEADER)` and checks with `idempotencyKeyOf`. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** Validates an Idempotency-Key header (booking, matching); undefined when none was sent. */
export function idempotencyKeyOf(value: string | undefined): string | undefined {
  if (value !== undefined && !IDEMPOTENCY_KEY.test(value)) {
    throw ApiException.field(ErrorCode.ValidationFailed, 'Idempotency-Key', 'must be 8–200 letters, digits or ._:-');
  }
  return value;
}

/** Documents the optional Idempotency-Key header of a route that books. */
export const ApiIdempotencyKey = (description: string) => ApiHeader({ name: 'Idempotency-Key', required: false, description });

/** What a route that books answers: its status, and whether it is the replay of an earlier request with the same key. */
export interface IdempotentResult<T> {
  status: number;
  body: T;
  replayed?: boolean;
}

/** Sets the status (201 booked, 200 not) and marks a replay with `Idempotent-Replayed`; returns the body to send. */
export function sendIdempotent<T>(response: Response, result: IdempotentResult<T>): T {
  response.status(result.status);
  if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
  return result.body;
}
