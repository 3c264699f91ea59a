import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEmail, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { SUPPORTED_LOCALES } from '@app/config';
import { HasNoBidiControls, IsLanguageCode, IsTimeZone } from '../../common/http/validators';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimLower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

/**
 * The fields every account has. Nothing about legal status, nationality or religion, by design.
 * No password: staff choose theirs from the invitation, and only registration takes one.
 */
export class AccountFieldsDto {
  @ApiProperty({ example: 'amina@example.org', maxLength: 254 })
  @Transform(trimLower)
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Amina', minLength: 1, maxLength: 80, description: 'The name others see; a first name is enough.' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  @Matches(/^[^\p{Cc}<>]+$/u, { message: 'must not contain control characters or angle brackets' })
  @HasNoBidiControls()
  displayName: string;

  @ApiProperty({ enum: SUPPORTED_LOCALES, example: 'it', description: 'Language of the messages the person receives.' })
  @IsIn(SUPPORTED_LOCALES as unknown as string[], { message: `must be one of ${SUPPORTED_LOCALES.join(', ')}` })
  locale: string;

  @ApiProperty({ example: 'Europe/Rome', description: 'IANA time zone in which times are shown to the person.' })
  @IsString()
  @IsTimeZone({ message: 'must be an IANA time zone such as Europe/Rome' })
  timeZone: string;

  @ApiProperty({ type: [String], example: ['ur', 'it'], description: 'ISO 639-1 codes of the languages the person speaks.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  @ArrayUnique()
  @IsLanguageCode({ each: true })
  languages: string[];
}
