import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsTimeZone, IsUUID } from 'class-validator';
import { toInteger } from '../common/http/page.query';
import { IsLanguageCode, IsLocalDate, IsTopic } from '../common/http/validators';

export class SlotQueryDto {
  @ApiProperty({ example: '2026-03-23', description: 'First date, in timeZone.' })
  @IsLocalDate()
  from: string;

  @ApiProperty({ example: '2026-03-29', description: 'Last date, in timeZone, inclusive. At most 31 days after from.' })
  @IsLocalDate()
  to: string;

  @ApiProperty({ example: 'Europe/Rome', description: 'The viewer’s zone: dates are read and times shown in it.' })
  @IsString()
  @IsTimeZone({ message: 'must be an IANA time zone such as Europe/Rome' })
  timeZone: string;

  @ApiPropertyOptional({ default: 60, enum: [15, 20, 30, 45, 60, 75, 90, 120] })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @IsIn([15, 20, 30, 45, 60, 75, 90, 120], { message: 'must be one of 15, 20, 30, 45, 60, 75, 90, 120' })
  durationMinutes: number = 60;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  coachId?: string;

  @ApiPropertyOptional({ example: 'ur' })
  @IsOptional()
  @IsLanguageCode()
  language?: string;

  @ApiPropertyOptional({ example: 'employment' })
  @IsOptional()
  @IsTopic()
  topic?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  academyId?: string;
}

export class SlotResponse {
  @ApiProperty({ format: 'uuid' }) coachId: string;
  @ApiProperty({ example: '2026-03-30T18:00:00+02:00' }) start: string;
  @ApiProperty({ example: '2026-03-30T19:00:00+02:00' }) end: string;
}

export class SlotsResponse {
  @ApiProperty() timeZone: string;
  @ApiProperty({ type: [SlotResponse] }) slots: SlotResponse[];
}
