import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { GENDERS, Gender } from '@app/persistence';
import { WeeklyRuleDto } from '../../coaches/dto/availability.dto';
import {
  IsLanguageCode,
  IsLocalDate,
  IsOmittable,
  IsTimeZone,
  IsTopic,
  SESSION_LENGTHS,
  SESSION_LENGTHS_MESSAGE,
} from '../../common/http/validators';
import { SessionResponse } from '../../sessions/dto/session.response';
import { SlotResponse } from '../../slots/slots.dto';

export class MatchRequestDto {
  @ApiProperty({ example: ['ur', 'it'], description: 'Languages the newcomer speaks; a coach must share one.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsLanguageCode({ each: true })
  languages: string[];

  @ApiProperty({ example: ['employment'], description: 'What the newcomer wants help with.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsTopic({ each: true })
  topics: string[];

  @ApiProperty({ example: 'Europe/Rome', description: 'The newcomer’s zone: windows and dates are read in it, slots are shown in it.' })
  @IsString()
  @IsTimeZone({ message: 'must be an IANA time zone such as Europe/Rome' })
  timeZone: string;

  @ApiPropertyOptional({ type: [WeeklyRuleDto], description: 'Hours that suit the newcomer, in timeZone. None: any time.' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(35)
  @ValidateNested({ each: true })
  @Type(() => WeeklyRuleDto)
  preferredWindows?: WeeklyRuleDto[];

  @ApiPropertyOptional({ enum: GENDERS, description: 'Only when the newcomer asks for it.' })
  @IsOmittable()
  @IsIn(GENDERS as unknown as string[])
  coachGender?: Gender;

  @ApiPropertyOptional({ format: 'uuid', description: 'Admins: the academy to match in. Others: their own, which is the default.' })
  @IsOmittable()
  @IsUUID('all')
  academyId?: string;

  @ApiPropertyOptional({
    default: false,
    description: 'Newcomers and admins: consider coaches of every academy (such matches are shown, not booked).',
  })
  @IsOmittable()
  @IsBoolean()
  anyAcademy?: boolean;

  @ApiPropertyOptional({ format: 'date', example: '2026-05-04', description: 'First date, in timeZone; default today.' })
  @IsOmittable()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2026-05-17',
    description: 'Last date, in timeZone, inclusive; default 13 days after from; at most 31 days after it.',
  })
  @IsOmittable()
  @IsLocalDate()
  to?: string;

  @ApiPropertyOptional({ type: 'integer', default: 60, enum: SESSION_LENGTHS })
  @IsOmittable()
  @IsInt()
  @IsIn(SESSION_LENGTHS, { message: SESSION_LENGTHS_MESSAGE })
  durationMinutes?: number;

  @ApiPropertyOptional({ type: 'integer', default: 5, minimum: 1, maximum: 20 })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(20)
  limit?: number;

  @ApiPropertyOptional({ default: false, description: 'Book the best candidate’s first matching slot, as POST /v1/sessions would.' })
  @IsOmittable()
  @IsBoolean()
  book?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'Coordinators: the newcomer of their academy the match is for.' })
  @IsOmittable()
  @IsUUID('all')
  newcomerId?: string;

  @ApiPropertyOptional({ description: 'With book: true on a newcomer’s behalf: the newcomer agreed to be booked.' })
  @IsOmittable()
  @IsBoolean()
  newcomerConsent?: boolean;
}

export class SharedLanguageReason {
  @ApiProperty({ enum: ['shared_language'] }) code: 'shared_language';
  @ApiProperty({ type: [String] }) languages: string[];
}

export class TopicsReason {
  @ApiProperty({ enum: ['topics'] }) code: 'topics';
  @ApiProperty({ type: [String] }) covered: string[];
  @ApiProperty({ type: [String] }) missing: string[];
}

export class HourOverlapReason {
  @ApiProperty({ enum: ['hour_overlap'] }) code: 'hour_overlap';
  @ApiProperty({ type: 'integer', description: 'Minutes of the coach’s free slots inside the preferred windows.' }) minutes: number;
}

export class LoadReason {
  @ApiProperty({ enum: ['load'] }) code: 'load';
  @ApiProperty({ type: 'integer' }) sessions: number;
  @ApiProperty({ type: 'integer' }) capacity: number;
}

export class ContinuityReason {
  @ApiProperty({ enum: ['continuity'] }) code: 'continuity';
  @ApiProperty({ type: 'integer' }) completedSessions: number;
}

export class HoursApartResponse {
  @ApiProperty({ description: 'Hours, possibly fractional (Asia/Kolkata).' }) from: number;
  @ApiProperty() to: number;
}

export class DstShiftWarningResponse {
  @ApiProperty({ enum: ['dst_shift'] }) code: 'dst_shift';
  @ApiProperty({ type: 'string', format: 'date', isArray: true }) dates: string[];
  @ApiProperty() coachTimeZone: string;
  @ApiProperty({
    type: HoursApartResponse,
    description: 'The coach’s UTC offset minus the newcomer’s, at the start of the range and at its end.',
  })
  hoursApart: HoursApartResponse;
}

export class NoSharedLanguageReason {
  @ApiProperty({ enum: ['no_shared_language'] }) code: 'no_shared_language';
  @ApiProperty({ type: [String], description: 'The languages the academy’s active coaches speak.' }) coveredLanguages: string[];
}

export class NoTopicCoachReason {
  @ApiProperty({ enum: ['no_topic_coach'] }) code: 'no_topic_coach';
  @ApiProperty({ type: [String], description: 'The topics the academy’s active coaches who speak the languages cover.' })
  coveredTopics: string[];
}

export class NobodyFreeReason {
  @ApiProperty({
    enum: ['no_coach_of_requested_gender', 'no_free_slots', 'no_free_slots_in_hours'],
    description:
      'no_free_slots: the coaches who could help have no free time in the range; no_free_slots_in_hours: they have some, ' +
      'but none inside the preferred windows.',
  })
  code: 'no_coach_of_requested_gender' | 'no_free_slots' | 'no_free_slots_in_hours';
}

/** The schemas only the `oneOf`s below name; the document needs them listed. */
export const MATCH_SCHEMAS = [
  SharedLanguageReason,
  TopicsReason,
  HourOverlapReason,
  LoadReason,
  ContinuityReason,
  DstShiftWarningResponse,
  NoSharedLanguageReason,
  NoTopicCoachReason,
  NobodyFreeReason,
];

const oneOf = (...models: Array<new () => object>) => models.map((model) => ({ $ref: getSchemaPath(model) }));

export class MatchCandidateResponse {
  @ApiProperty({ format: 'uuid' }) coachId: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ description: 'Higher is better; the weights are MATCH_WEIGHTS.' }) score: number;
  @ApiProperty({ example: 'employment', description: 'The first requested topic the coach covers: book with it.' }) topic: string;
  @ApiProperty({ example: 'ur', description: 'The first requested language the coach speaks: book with it.' }) language: string;
  @ApiProperty({
    type: 'array',
    items: {
      oneOf: oneOf(SharedLanguageReason, TopicsReason, HourOverlapReason, LoadReason, ContinuityReason),
      // Without the mapping a discriminator value is the schema's name (SharedLanguageReason), not the code on the wire.
      discriminator: {
        propertyName: 'code',
        mapping: {
          shared_language: getSchemaPath(SharedLanguageReason),
          topics: getSchemaPath(TopicsReason),
          hour_overlap: getSchemaPath(HourOverlapReason),
          load: getSchemaPath(LoadReason),
          continuity: getSchemaPath(ContinuityReason),
        },
      },
    },
    example: [
      { code: 'shared_language', languages: ['ur'] },
      { code: 'hour_overlap', minutes: 540 },
    ],
    description: 'Machine-readable codes with values: shared_language, topics, hour_overlap, load, continuity.',
  })
  reasons: Array<SharedLanguageReason | TopicsReason | HourOverlapReason | LoadReason | ContinuityReason>;
  @ApiProperty({ type: [DstShiftWarningResponse] })
  warnings: DstShiftWarningResponse[];
  @ApiProperty({ type: [SlotResponse], description: 'The first free slots in the preferred windows, in timeZone.' })
  nextSlots: SlotResponse[];
}

export class MatchConsideredResponse {
  @ApiProperty({ type: 'integer', description: 'Coaches scored for this answer.' }) coaches: number;
  @ApiProperty({ type: 'integer', description: 'The most one request scores.' }) limit: number;
  @ApiProperty({
    description:
      'True when more coaches passed the filters than one request scores: those covering a requested topic, then the least loaded, were taken. ' +
      'Narrow by languages, topics or academy for the others.',
  })
  truncated: boolean;
}

export class MatchResponse {
  @ApiProperty() timeZone: string;
  @ApiProperty({ type: MatchConsideredResponse, description: 'How many coaches were scored, and whether the list was cut.' })
  considered: MatchConsideredResponse;
  @ApiProperty({ type: [MatchCandidateResponse] }) candidates: MatchCandidateResponse[];
  @ApiPropertyOptional({
    oneOf: oneOf(NoSharedLanguageReason, NoTopicCoachReason, NobodyFreeReason),
    example: { code: 'no_shared_language', coveredLanguages: ['en', 'it'] },
    description:
      'Why the list is empty: no_shared_language (with the languages coaches cover), no_topic_coach (with the topics coaches ' +
      'speaking the languages cover), no_coach_of_requested_gender, no_free_slots or no_free_slots_in_hours.',
  })
  reason?: NoSharedLanguageReason | NoTopicCoachReason | NobodyFreeReason;
  @ApiPropertyOptional({ type: SessionResponse, description: 'With book: true, the session booked.' }) booking?: SessionResponse;
}
