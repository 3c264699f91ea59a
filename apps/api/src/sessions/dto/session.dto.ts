import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsUrl, IsUUID, MaxLength } from 'class-validator';
import { ATTENDANCE_OUTCOMES, AttendanceOutcome, SESSION_STATUSES, SessionStatus } from '@app/persistence';
import { PageQuery } from '../../common/http/page.query';
import {
  IsFreeText,
  IsInstant,
  IsOmittable,
  IsLanguageCode,
  IsLocalDate,
  IsTopic,
  SESSION_LENGTHS,
  SESSION_LENGTHS_MESSAGE,
} from '../../common/http/validators';

export class BookSessionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  coachId: string;

  @ApiProperty({ format: 'date-time', example: '2026-03-30T18:00:00+02:00', description: 'A start offered by GET /v1/slots.' })
  @IsInstant()
  start: string;

  @ApiProperty({ type: 'integer', example: 60 })
  @IsInt()
  @IsIn(SESSION_LENGTHS, { message: SESSION_LENGTHS_MESSAGE })
  durationMinutes: number;

  @ApiProperty({ example: 'employment' })
  @IsTopic()
  topic: string;

  @ApiProperty({ example: 'ur' })
  @IsLanguageCode()
  language: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Coordinators booking on behalf of a newcomer of their academy.' })
  @IsOmittable()
  @IsUUID('all')
  newcomerId?: string;

  @ApiPropertyOptional({ description: 'Required, and true, when booking on a newcomer’s behalf: the newcomer agreed to this session.' })
  @IsOmittable()
  @IsBoolean()
  newcomerConsent?: boolean;
}

export class RescheduleSessionDto {
  @ApiProperty({ format: 'date-time', example: '2026-03-31T18:00:00+02:00' })
  @IsInstant()
  start: string;
}

export class CancelSessionDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOmittable()
  @IsFreeText(500)
  reason?: string;
}

export class AttendanceDto {
  @ApiProperty({ enum: ATTENDANCE_OUTCOMES })
  @IsIn(ATTENDANCE_OUTCOMES as unknown as string[], { message: `must be one of ${ATTENDANCE_OUTCOMES.join(', ')}` })
  outcome: AttendanceOutcome;

  @ApiPropertyOptional({ maxLength: 4000, description: 'The coach’s private notes; never shown to the newcomer.' })
  @IsOmittable()
  @IsFreeText(4000)
  notes?: string;
}

export class ListSessionsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: SESSION_STATUSES })
  @IsOmittable()
  @IsIn(SESSION_STATUSES as unknown as string[], { message: `must be one of ${SESSION_STATUSES.join(', ')}` })
  status?: SessionStatus;

  @ApiPropertyOptional({
    format: 'date',
    example: '2026-03-01',
    description: 'Sessions starting on or after this date, in the caller’s time zone (the account’s).',
  })
  @IsOmittable()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2026-03-31',
    description: 'Sessions starting on or before this date, in the caller’s time zone (the account’s), inclusive.',
  })
  @IsOmittable()
  @IsLocalDate()
  to?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOmittable()
  @IsUUID('all')
  coachId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOmittable()
  @IsUUID('all')
  academyId?: string;
}

export class NeedsAttentionQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Admins: one academy. Coordinators: only their own.' })
  @IsOmittable()
  @IsUUID('all')
  academyId?: string;
}

export class SetMeetingUrlDto {
  @ApiProperty({
    example: 'https://meet.example.org/coaching-session',
    maxLength: 2000,
    description: 'The session’s meeting in another video tool (MEETING_PROVIDER=url); https only.',
  })
  @IsUrl(
    { protocols: ['https'], require_protocol: true, require_valid_protocol: true, require_tld: true, allow_underscores: true },
    { message: 'must be an https URL' },
  )
  @MaxLength(2000)
  url: string;
}
