import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsUUID, Max, Min, ValidateIf } from 'class-validator';
import { GENDERS, Gender } from '@app/persistence';
import { PageQuery } from '../../common/http/page.query';
import { IsFreeText, IsLanguageCode, IsOmittable, IsTopic, SESSION_LENGTHS, SESSION_LENGTHS_MESSAGE } from '../../common/http/validators';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CoachProfileFieldsDto {
  @ApiPropertyOptional({ type: [String], example: ['employment', 'education'] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsTopic({ each: true })
  topics?: string[];

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOmittable()
  @Transform(trim)
  @IsFreeText(2000)
  bio?: string;

  @ApiPropertyOptional({ enum: GENDERS, nullable: true, description: 'Optional and self-declared; used only when a newcomer asks for it.' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsIn(GENDERS as unknown as string[])
  gender?: Gender | null;

  @ApiPropertyOptional({ type: 'integer', isArray: true, example: [30, 45, 60] })
  @IsOmittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(6)
  @ArrayUnique()
  @IsIn(SESSION_LENGTHS, { each: true, message: `each length ${SESSION_LENGTHS_MESSAGE}` })
  sessionLengths?: number[];

  @ApiPropertyOptional({ type: 'integer', enum: [15, 30, 60], description: 'Grid of start times, in minutes of the coach’s local clock.' })
  @IsOmittable()
  @IsIn([15, 30, 60])
  slotStepMinutes?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 20160 })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(20160)
  minimumNoticeMinutes?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 365 })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(365)
  horizonDays?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 240 })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(240)
  bufferBeforeMinutes?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 240 })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(240)
  bufferAfterMinutes?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 48, nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(48)
  maxSessionsPerDay?: number | null;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(200)
  maxSessionsPerWeek?: number | null;
}

/** Where a new profile starts: an invitation, or further along when onboarding happened before the platform. */
export const INITIAL_COACH_STATUSES = ['invited', 'trained', 'active'] as const;

export class CreateCoachDto extends CoachProfileFieldsDto {
  @ApiProperty({ format: 'uuid', description: 'An account with the coach role (see POST /v1/users).' })
  @IsUUID('all')
  userId: string;

  @ApiPropertyOptional({
    enum: INITIAL_COACH_STATUSES,
    default: 'invited',
    description: 'Later changes go through POST /v1/coaches/{id}/status.',
  })
  @IsOmittable()
  @IsIn(INITIAL_COACH_STATUSES as unknown as string[])
  status?: (typeof INITIAL_COACH_STATUSES)[number];
}

export const STATUS_TARGETS = ['trained', 'active', 'paused', 'retired'] as const;
export const FUTURE_SESSION_DECISIONS = ['cancel', 'keep'] as const;
export type FutureSessionDecision = (typeof FUTURE_SESSION_DECISIONS)[number];

export class ChangeCoachStatusDto {
  @ApiProperty({ enum: STATUS_TARGETS, description: 'invited → trained → active ⇄ paused; any → retired, which is final.' })
  @IsIn(STATUS_TARGETS as unknown as string[])
  status: (typeof STATUS_TARGETS)[number];

  @ApiPropertyOptional({
    enum: FUTURE_SESSION_DECISIONS,
    description: 'Required when pausing or retiring a coach who has future sessions: cancel them (the newcomers are told) or keep them.',
  })
  @IsOmittable()
  @IsIn(FUTURE_SESSION_DECISIONS as unknown as string[])
  futureSessions?: FutureSessionDecision;

  @ApiPropertyOptional({ maxLength: 500, description: 'The cancellation reason the sessions get, with futureSessions: cancel.' })
  @IsOmittable()
  @Transform(trim)
  @IsFreeText(500)
  reason?: string;
}

export class UpdateCoachDto extends CoachProfileFieldsDto {}

/** The filters coach lists and slot search share. */
export class CoachFilterQuery {
  @ApiPropertyOptional({ example: 'ur' })
  @IsOmittable()
  @IsLanguageCode()
  language?: string;

  @ApiPropertyOptional({ example: 'employment' })
  @IsOmittable()
  @IsTopic()
  topic?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Admins only; others may pass only their own academy.' })
  @IsOmittable()
  @IsUUID('all')
  academyId?: string;
}

export class ListCoachesQuery extends IntersectionType(PageQuery, CoachFilterQuery) {}
