/** Stable machine-readable codes of the API's problems. Clients branch on these; never rename one. */
export enum ErrorCode {
  ValidationFailed = 'validation_failed',
  MalformedJson = 'malformed_json',
  UnsupportedMediaType = 'unsupported_media_type',
  PayloadTooLarge = 'payload_too_large',
  Unauthorized = 'unauthorized',
  InvalidCredentials = 'invalid_credentials',
  Forbidden = 'forbidden',
  AcademyForbidden = 'academy_forbidden',
  NotFound = 'not_found',
  RouteNotFound = 'route_not_found',
  MethodNotAllowed = 'method_not_allowed',
  EmailTaken = 'email_taken',
  UnknownAcademy = 'unknown_academy',
  RateLimited = 'rate_limited',
  InternalError = 'internal_error',
}

export interface ErrorDescription {
  status: number;
  title: string;
}

/**
 * An exhaustive switch: adding a code without a status and title is a compile error.
 */
export function describeError(code: ErrorCode): ErrorDescription {
  switch (code) {
    case ErrorCode.ValidationFailed:
      return { status: 400, title: 'The request has invalid fields' };
    case ErrorCode.MalformedJson:
      return { status: 400, title: 'The request body is not valid JSON' };
    case ErrorCode.UnsupportedMediaType:
      return { status: 415, title: 'The request body must be application/json' };
    case ErrorCode.PayloadTooLarge:
      return { status: 413, title: 'The request body is too large' };
    case ErrorCode.Unauthorized:
      return { status: 401, title: 'Authentication is required' };
    case ErrorCode.InvalidCredentials:
      return { status: 401, title: 'The email or password is wrong' };
    case ErrorCode.Forbidden:
      return { status: 403, title: 'Your role may not do this' };
    case ErrorCode.AcademyForbidden:
      return { status: 403, title: 'This belongs to another academy' };
    case ErrorCode.NotFound:
      return { status: 404, title: 'Not found' };
    case ErrorCode.RouteNotFound:
      return { status: 404, title: 'No such endpoint' };
    case ErrorCode.MethodNotAllowed:
      return { status: 405, title: 'This endpoint does not accept that method' };
    case ErrorCode.EmailTaken:
      return { status: 409, title: 'An account with this email already exists' };
    case ErrorCode.UnknownAcademy:
      return { status: 422, title: 'No such academy' };
    case ErrorCode.RateLimited:
      return { status: 429, title: 'Too many attempts; wait and try again' };
    case ErrorCode.InternalError:
      return { status: 500, title: 'Something went wrong on our side' };
  }
}
