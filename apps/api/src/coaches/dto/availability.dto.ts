import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsString, Max, Min, ValidateNested } from 'class-validator';
import {
  IsFreeText,
  IsInstant,
  IsLocalTime,
  IsOmittable,
  IsTimeZone,
  LOCAL_END_TIME_PATTERN,
  LOCAL_TIME_PATTERN,
} from '../../common/http/validators';

export class LocalIntervalDto {
  @ApiProperty({ example: '18:00', pattern: LOCAL_TIME_PATTERN })
  @IsLocalTime()
  start: string;

  @ApiProperty({ example: '20:00', pattern: LOCAL_END_TIME_PATTERN, description: 'After start; "24:00" is the end of the day.' })
  @IsLocalTime({ allowMidnightEnd: true })
  end: string;
}

export class WeeklyRuleDto extends LocalIntervalDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 7, description: 'ISO weekday: 1 = Monday, 7 = Sunday.' })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday: number;
}

export class WeeklyAvailabilityDto {
  @ApiProperty({ example: 'America/Toronto', description: 'The IANA zone the hours are given in.' })
  @IsString()
  @IsTimeZone({ message: 'must be an IANA time zone such as Europe/Rome' })
  timeZone: string;

  @ApiProperty({ type: [WeeklyRuleDto] })
  @IsArray()
  @ArrayMaxSize(70)
  @ValidateNested({ each: true })
  @Type(() => WeeklyRuleDto)
  weekly: WeeklyRuleDto[];
}

export class DateOverrideDto {
  @ApiProperty({ type: [LocalIntervalDto], description: 'Replacement hours for that local date; empty means unavailable.' })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => LocalIntervalDto)
  intervals: LocalIntervalDto[];
}

export class TimeOffDto {
  @ApiProperty({ format: 'date-time', example: '2026-08-01T00:00:00+02:00' })
  @IsInstant()
  start: string;

  @ApiProperty({ format: 'date-time', example: '2026-08-15T00:00:00+02:00' })
  @IsInstant()
  end: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'Seen only by the coach and coordinators.' })
  @IsOmittable()
  @IsFreeText(500)
  reason?: string;
}
