import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LOCAL_END_TIME_PATTERN, LOCAL_TIME_PATTERN } from '../../common/http/validators';
import { COACH_STATUSES, CoachProfileEntity, CoachStatus, GENDERS, Gender } from '@app/persistence';
import { OffsetPageOf } from '../../common/http/page.response';
import { bookingLimitsOf } from '../../common/schedule/coach-schedule.mapper';

export class BookingPolicyResponse {
  @ApiProperty({ type: 'integer' }) slotStepMinutes: number;
  @ApiProperty({ type: 'integer' }) minimumNoticeMinutes: number;
  @ApiProperty({ type: 'integer' }) horizonDays: number;
  @ApiProperty({ type: 'integer' }) bufferBeforeMinutes: number;
  @ApiProperty({ type: 'integer' }) bufferAfterMinutes: number;
  @ApiProperty({ type: 'integer', nullable: true }) maxSessionsPerDay: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) maxSessionsPerWeek: number | null;
}

export class CoachResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ format: 'uuid' }) academyId: string;
  @ApiProperty({ type: [String] }) languages: string[];
  @ApiProperty({ type: [String] }) topics: string[];
  @ApiProperty() bio: string;
  @ApiProperty({ type: 'integer', isArray: true }) sessionLengths: number[];
  @ApiProperty({ nullable: true, type: String, description: 'Zone of the weekly hours.' }) timeZone: string | null;
  @ApiProperty({ description: 'Whether the coach is offered: true exactly when status is active.' }) active: boolean;
  @ApiProperty({ enum: COACH_STATUSES }) status: CoachStatus;
  @ApiProperty({ type: BookingPolicyResponse }) policy: BookingPolicyResponse;
  @ApiPropertyOptional({ enum: GENDERS, nullable: true, description: 'Shown to the coach and coordinators only.' }) gender?: Gender | null;

  static from(profile: CoachProfileEntity, showPrivate: boolean): CoachResponse {
    const user = profile.user!;
    return {
      id: profile.userId,
      displayName: user.displayName,
      academyId: user.academyId!,
      languages: user.languages,
      topics: profile.topics,
      bio: profile.bio,
      sessionLengths: profile.sessionLengths,
      timeZone: profile.availabilityTimeZone,
      active: profile.active,
      status: profile.status,
      policy: { slotStepMinutes: profile.slotStepMinutes, ...bookingLimitsOf(profile) },
      ...(showPrivate ? { gender: profile.gender } : {}),
    };
  }
}

export class CoachPageResponse extends OffsetPageOf(CoachResponse) {}

export class TimeOffResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) start: string;
  @ApiProperty({ format: 'date-time' }) end: string;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
}

export class LocalIntervalResponse {
  @ApiProperty({ pattern: LOCAL_TIME_PATTERN, example: '18:00' }) start: string;
  @ApiProperty({ pattern: LOCAL_END_TIME_PATTERN, example: '20:00' }) end: string;
}

export class WeeklyRuleResponse extends LocalIntervalResponse {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 7, description: 'ISO weekday: 1 = Monday, 7 = Sunday.' }) weekday: number;
}

export class DateOverrideResponse {
  @ApiProperty({ format: 'date', example: '2026-08-03', description: 'A local date of the coach’s zone.' }) date: string;
  @ApiProperty({ type: [LocalIntervalResponse], description: 'Empty: unavailable that day.' }) intervals: LocalIntervalResponse[];
}

export class AvailabilityResponse {
  @ApiProperty({ nullable: true, type: String }) timeZone: string | null;
  @ApiProperty({ type: [WeeklyRuleResponse] }) weekly: WeeklyRuleResponse[];
  @ApiProperty({ type: [DateOverrideResponse] }) overrides: DateOverrideResponse[];
  @ApiProperty({ type: [TimeOffResponse] }) timeOff: TimeOffResponse[];
}

export class FutureSessionSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time', description: 'In the caller’s time zone.' }) start: string;
  @ApiProperty({ format: 'date-time' }) end: string;
  @ApiProperty() newcomerDisplayName: string;
}

export class CoachStatusChangeResponse {
  @ApiProperty({ type: CoachResponse }) coach: CoachResponse;
  @ApiProperty({ type: 'string', format: 'uuid', isArray: true, description: 'Future sessions cancelled with the change.' })
  cancelledSessionIds: string[];
  @ApiProperty({ type: 'string', format: 'uuid', isArray: true, description: 'Future sessions kept: the coach still holds them.' })
  keptSessionIds: string[];
}
