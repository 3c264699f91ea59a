import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { CONCERN_LEVELS, ConcernLevel, FEEDBACK_HAPPENED, FeedbackHappened, REPORT_PROGRESS, ReportProgress } from '@app/persistence';
import { HasNoControlCharacters, IsFreeText, IsOmittable, IsTopic } from '../../common/http/validators';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const oneOf = (values: readonly string[]) => ({ message: `must be one of ${values.join(', ')}` });

/** Answers below this many are not shown to the coach as an average: one answer would name its writer. */
export const COACH_AVERAGE_MINIMUM = 5;

export class FeedbackDto {
  @ApiProperty({ description: 'The token from the link’s fragment (#token=…).', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @HasNoControlCharacters()
  token: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5, description: 'The face tapped: 1 (very bad) to 5 (very good).' })
  @IsInt({ message: 'must be a whole number from 1 to 5' })
  @Min(1, { message: 'must be a whole number from 1 to 5' })
  @Max(5, { message: 'must be a whole number from 1 to 5' })
  score: number;

  @ApiPropertyOptional({ enum: FEEDBACK_HAPPENED, description: 'Did the session take place? Left out: unchanged.' })
  @IsOmittable()
  @IsIn(FEEDBACK_HAPPENED as unknown as string[], oneOf(FEEDBACK_HAPPENED))
  happened?: FeedbackHappened;

  @ApiPropertyOptional({ maxLength: 1000, description: 'A short comment; an empty one removes the last. Left out: unchanged.' })
  @IsOmittable()
  @Transform(trim)
  @IsFreeText(1000)
  comment?: string;
}

export class FeedbackResponse {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5 }) score: number;
  @ApiProperty({ enum: FEEDBACK_HAPPENED, nullable: true, type: String }) happened: FeedbackHappened | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The newcomer’s comment: shown to them, their academy’s coordinators and admins.',
  })
  comment: string | null;
  @ApiProperty({ format: 'date-time' }) answeredAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class CoachFeedbackSummaryResponse {
  @ApiProperty({ format: 'uuid' }) coachId: string;
  @ApiProperty({ type: 'integer', description: 'Answers about this coach’s sessions.' }) answers: number;
  @ApiProperty({
    type: 'number',
    nullable: true,
    description: `Mean score, 1 to 5, two decimals. For the coach themself, null until ${COACH_AVERAGE_MINIMUM} answers.`,
  })
  average: number | null;
  @ApiProperty({ type: 'integer', description: 'How many answers the coach needs before seeing their average.' })
  minimumAnswers: number;
}

export class CoachReportDto {
  @ApiProperty({ type: [String], example: ['employment'], description: 'Topics covered (slugs).' })
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsTopic({ each: true })
  topics: string[];

  @ApiProperty({ enum: REPORT_PROGRESS })
  @IsIn(REPORT_PROGRESS as unknown as string[], oneOf(REPORT_PROGRESS))
  progress: ReportProgress;

  @ApiPropertyOptional({ maxLength: 500, description: 'The next step agreed, if any.' })
  @IsOmittable()
  @Transform(trim)
  @IsFreeText(500)
  nextStep?: string;

  @ApiProperty({ enum: CONCERN_LEVELS, description: '`urgent` mails the academy’s coordinators at once.' })
  @IsIn(CONCERN_LEVELS as unknown as string[], oneOf(CONCERN_LEVELS))
  concern: ConcernLevel;

  @ApiPropertyOptional({
    maxLength: 2000,
    description: 'Private: the coach, the academy’s coordinators and admins read it. Required with a concern.',
  })
  @ValidateIf((o: CoachReportDto) => o.concern !== 'none' || o.concernNote !== undefined)
  @Transform(trim)
  @IsFreeText(2000)
  @MinLength(1, { message: 'must say what the concern is' })
  concernNote?: string;
}

export class CoachReportResponse {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ type: [String] }) topics: string[];
  @ApiProperty({ enum: REPORT_PROGRESS }) progress: ReportProgress;
  @ApiProperty({ nullable: true, type: String }) nextStep: string | null;
  @ApiProperty({ enum: CONCERN_LEVELS }) concern: ConcernLevel;
  @ApiProperty({ nullable: true, type: String }) concernNote: string | null;
  @ApiProperty({ enum: ['none', 'open', 'closed'], description: 'The flag a concern raises, until a coordinator closes it.' })
  flag: 'none' | 'open' | 'closed';
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) flagClosedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) flagCloseNote: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class FlagListQuery {
  @ApiPropertyOptional({ enum: ['open', 'closed'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'closed'], oneOf(['open', 'closed']))
  state: 'open' | 'closed' = 'open';

  @ApiPropertyOptional({ format: 'uuid', description: 'Admins: one academy. Coordinators: their own or nothing.' })
  @IsOptional()
  @IsUUID('all')
  academyId?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 100;
}

class FlagPerson {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
}

export class FlagResponse {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ format: 'uuid' }) academyId: string;
  @ApiProperty({ enum: ['concern', 'urgent'] }) level: 'concern' | 'urgent';
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ format: 'date-time', description: 'In the caller’s time zone.' }) raisedAt: string;
  @ApiProperty({ format: 'date-time' }) sessionStart: string;
  @ApiProperty({ format: 'date-time' }) sessionEnd: string;
  @ApiProperty() topic: string;
  @ApiProperty({ type: FlagPerson }) coach: FlagPerson;
  @ApiProperty({ type: FlagPerson }) newcomer: FlagPerson;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) closedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) closeNote: string | null;
}

export class FlagListResponse {
  @ApiProperty({ type: [FlagResponse], description: 'Open: urgent first, then the oldest. Closed: the latest closed first.' })
  items: FlagResponse[];
}

export class CloseFlagDto {
  @ApiProperty({ maxLength: 2000, description: 'What was done. Recorded with the flag; the audit log records who closed it and when.' })
  @Transform(trim)
  @IsFreeText(2000)
  @MinLength(1, { message: 'must say what was done' })
  note: string;
}
