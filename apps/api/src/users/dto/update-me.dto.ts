import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString } from 'class-validator';
import { SUPPORTED_LOCALES } from '@app/config';
import { IsOmittable, IsTimeZone } from '../../common/http/validators';

/**
 * What a person changes about their own account from any page: the language
 * of the app and of their mails, and the zone their times are shown in (a
 * newcomer who moves from Belgrade to Vienna). Each may be left out; neither may be null.
 */
export class UpdateMeDto {
  @ApiPropertyOptional({ enum: SUPPORTED_LOCALES, example: 'it', description: 'Language of the app and of the messages.' })
  @IsOmittable()
  @IsIn(SUPPORTED_LOCALES as unknown as string[], { message: `must be one of ${SUPPORTED_LOCALES.join(', ')}` })
  locale?: string;

  @ApiPropertyOptional({
    example: 'America/Toronto',
    description: 'IANA time zone in which pages and mails show times from now on (reminders not yet sent included).',
  })
  @IsOmittable()
  @IsString()
  @IsTimeZone({ message: 'must be an IANA time zone such as Europe/Rome' })
  timeZone?: string;
}
