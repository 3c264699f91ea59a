import { type ErrorCode } from './error-code';

export interface FieldError {
  field: string;
  message: string;
}

/** The one exception features throw for expected refusals. The filter turns it into problem+json. */
export class ApiException extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly errors?: readonly FieldError[],
    readonly headers?: Readonly<Record<string, string>>,
    /** Extra members of the problem document (RFC 9457 extensions), e.g. what the client must decide on. */
    readonly extensions?: Readonly<Record<string, unknown>>,
  ) {
    super(detail ?? code);
    this.name = 'ApiException';
  }

  static field(code: ErrorCode, field: string, message: string): ApiException {
    return new ApiException(code, `${field} ${message}`, [{ field, message }]);
  }
}
