import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID } from 'class-validator';
import { toInteger } from '../common/http/page.query';
import { CoachFilterQuery } from '../coaches/dto/coach-profile.dto';
import { IsLocalDate, IsTimeZone, SESSION_LENGTHS, SESSION_LENGTHS_MESSAGE } from '../common/http/validators';

export class SlotQueryDto extends CoachFilterQuery {
  @ApiProperty({ format: 'date', example: '2026-03-23', description: 'First date, in timeZone.' })
  @IsLocalDate()
  from: string;

  @ApiProperty({ format: 'date', example: '2026-03-29', description: 'Last date, in timeZone, inclusive. At most 31 days after from.' })
  @IsLocalDate()
  to: string;

  @ApiProperty({ example: 'Europe/Rome', description: 'The viewer’s zone: dates are read and times shown in it.' })
  @IsString()
  @IsTimeZone({ message: 'must be an IANA time zone such as Europe/Rome' })
  timeZone: string;

  @ApiPropertyOptional({ type: 'integer', default: 60, enum: SESSION_LENGTHS })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @IsIn(SESSION_LENGTHS, { message: SESSION_LENGTHS_MESSAGE })
  durationMinutes: number = 60;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  coachId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The `nextCoachCursor` of the previous answer: the slots of the coaches after it.' })
  @IsOptional()
  @IsUUID('all')
  coachCursor?: string;
}

export class SlotResponse {
  @ApiProperty({ format: 'uuid' }) coachId: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-30T18:00:00+02:00' }) start: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-30T19:00:00+02:00' }) end: string;
}

export class SlotsResponse {
  @ApiProperty() timeZone: string;
  @ApiProperty({ type: [SlotResponse], description: 'Ordered by start; the slots of at most 200 coaches, taken in id order.' })
  slots: SlotResponse[];
  @ApiProperty({ description: 'True when more coaches match than one answer holds: ask again with coachCursor for the rest.' })
  truncated: boolean;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Pass as coachCursor for the next coaches; null when there are no more.',
  })
  nextCoachCursor: string | null;
}
