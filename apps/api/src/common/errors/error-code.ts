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
  CoachProfileExists = 'coach_profile_exists',
  NotACoach = 'not_a_coach',
  NotANewcomer = 'not_a_newcomer',
  SlotUnavailable = 'slot_unavailable',
  OutsideAvailability = 'outside_availability',
  TooShortNotice = 'too_short_notice',
  BeyondHorizon = 'beyond_horizon',
  DailyLimitReached = 'daily_limit_reached',
  WeeklyLimitReached = 'weekly_limit_reached',
  CoachUnavailable = 'coach_unavailable',
  CoachAway = 'coach_away',
  TopicNotCovered = 'topic_not_covered',
  LanguageNotSpoken = 'language_not_spoken',
  SessionLengthNotOffered = 'session_length_not_offered',
  NewcomerBusy = 'newcomer_busy',
  SessionNotChangeable = 'session_not_changeable',
  AttendanceTooEarly = 'attendance_too_early',
  IdempotencyKeyReused = 'idempotency_key_reused',
  NoMatch = 'no_match',
  InvalidTransition = 'invalid_transition',
  FutureSessionsPending = 'future_sessions_pending',
  ConsentRequired = 'consent_required',
  DatabaseBusy = 'database_busy',
  EmailNotVerified = 'email_not_verified',
  AccountDisabled = 'account_disabled',
  InvalidLinkToken = 'invalid_link_token',
  InvalidRefreshToken = 'invalid_refresh_token',
  WrongPassword = 'wrong_password',
  PasswordTooCommon = 'password_too_common',
  InvitationNotPending = 'invitation_not_pending',
  RecentSignInRequired = 'recent_sign_in_required',
  TooEarly = 'too_early',
  SessionOver = 'session_over',
  SessionCancelled = 'session_cancelled',
  MeetingUrlMissing = 'meeting_url_missing',
  MeetingUrlNotUsed = 'meeting_url_not_used',
  WaitingListEntryClosed = 'waiting_list_entry_closed',
  ReportTooEarly = 'report_too_early',
  FlagNotOpen = 'flag_not_open',
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
    case ErrorCode.CoachProfileExists:
      return { status: 409, title: 'This coach already has a profile' };
    case ErrorCode.NotACoach:
      return { status: 422, title: 'That account is not a coach of this academy' };
    case ErrorCode.NotANewcomer:
      return { status: 422, title: 'That account is not a newcomer of this academy' };
    case ErrorCode.SlotUnavailable:
      return { status: 409, title: 'That time is no longer free' };
    case ErrorCode.OutsideAvailability:
      return { status: 422, title: 'The coach does not offer that time' };
    case ErrorCode.TooShortNotice:
      return { status: 422, title: 'That time is too soon to book' };
    case ErrorCode.BeyondHorizon:
      return { status: 422, title: 'That time is too far ahead to book' };
    case ErrorCode.DailyLimitReached:
      return { status: 422, title: 'The coach has no more sessions free that day' };
    case ErrorCode.WeeklyLimitReached:
      return { status: 422, title: 'The coach has no more sessions free that week' };
    case ErrorCode.CoachUnavailable:
      return { status: 422, title: 'The coach does not offer this session' };
    case ErrorCode.CoachAway:
      return { status: 422, title: 'The coach is away at that time' };
    case ErrorCode.TopicNotCovered:
      return { status: 422, title: 'The coach does not cover that topic' };
    case ErrorCode.LanguageNotSpoken:
      return { status: 422, title: 'The coach does not speak that language' };
    case ErrorCode.SessionLengthNotOffered:
      return { status: 422, title: 'The coach does not offer sessions of that length' };
    case ErrorCode.NewcomerBusy:
      return { status: 409, title: 'The newcomer already has a session at that time' };
    case ErrorCode.SessionNotChangeable:
      return { status: 409, title: 'The session can no longer be changed this way' };
    case ErrorCode.TooEarly:
      return { status: 409, title: 'The room is not open yet: it opens 10 minutes before the session (see opensAt)' };
    case ErrorCode.SessionOver:
      return { status: 409, title: 'The session is over: its room closed 15 minutes after its end' };
    case ErrorCode.SessionCancelled:
      return { status: 409, title: 'The session was cancelled' };
    case ErrorCode.MeetingUrlMissing:
      return { status: 409, title: 'Nobody has set this session’s meeting URL yet' };
    case ErrorCode.MeetingUrlNotUsed:
      return { status: 409, title: 'This installation generates its meeting rooms (MEETING_PROVIDER is not url)' };
    case ErrorCode.AttendanceTooEarly:
      return { status: 409, title: 'Attendance can be recorded only once the session has started' };
    case ErrorCode.IdempotencyKeyReused:
      return { status: 422, title: 'This Idempotency-Key was used for a different request' };
    case ErrorCode.NoMatch:
      return { status: 422, title: 'No coach matches the request with a free slot' };
    case ErrorCode.WaitingListEntryClosed:
      return { status: 409, title: 'The waiting-list entry is no longer open' };
    case ErrorCode.InvalidTransition:
      return { status: 409, title: 'The coach cannot move to that status from their current one' };
    case ErrorCode.FutureSessionsPending:
      return { status: 409, title: 'The coach has future sessions: say whether to cancel or keep them' };
    case ErrorCode.ConsentRequired:
      return { status: 422, title: 'Booking on someone’s behalf needs their recorded consent' };
    case ErrorCode.DatabaseBusy:
      return { status: 503, title: 'The service is busy; try again in a moment' };
    case ErrorCode.EmailNotVerified:
      return { status: 403, title: 'Confirm your email address first: open the link we sent you' };
    case ErrorCode.AccountDisabled:
      return { status: 403, title: 'This account is disabled' };
    case ErrorCode.ReportTooEarly:
      return { status: 409, title: 'The coach’s report can be written only once the session has ended' };
    case ErrorCode.FlagNotOpen:
      return { status: 409, title: 'This session has no open concern to close' };
    case ErrorCode.InvalidLinkToken:
      return { status: 400, title: 'The link is not valid any more: it was used, replaced or has expired' };
    case ErrorCode.InvalidRefreshToken:
      return { status: 401, title: 'The refresh token is not valid any more; sign in again' };
    case ErrorCode.WrongPassword:
      return { status: 422, title: 'The current password is wrong' };
    case ErrorCode.PasswordTooCommon:
      return { status: 400, title: 'This password is one of the most common ones; choose another' };
    case ErrorCode.InvitationNotPending:
      return { status: 409, title: 'This account has no pending invitation' };
    case ErrorCode.RecentSignInRequired:
      return { status: 403, title: 'Confirm it is you: give your password, or sign in again and retry within 10 minutes' };
    case ErrorCode.InternalError:
      return { status: 500, title: 'Something went wrong on our side' };
  }
}
