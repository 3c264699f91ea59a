import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { HasNoControlCharacters, IsOmittable } from '../../common/http/validators';
import { NewPasswordField } from './new-password.field';

const trimLower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class EmailOnlyDto {
  @ApiProperty({ example: 'amina@example.org', maxLength: 254 })
  @Transform(trimLower)
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email: string;
}

export class LinkTokenDto {
  @ApiProperty({ description: 'The token from the link’s fragment (#token=…).', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @HasNoControlCharacters()
  token: string;
}

export class NewPasswordDto extends LinkTokenDto {
  @NewPasswordField()
  password: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from the last sign-in or refresh. It works once.' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @HasNoControlCharacters()
  refreshToken: string;
}

export class ChangePasswordDto {
  @ApiProperty({ maxLength: 128 })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  @HasNoControlCharacters()
  currentPassword: string;

  @NewPasswordField()
  newPassword: string;
}

export class AcceptedResponse {
  @ApiProperty({ example: 'verification_sent', description: 'The same answer whether or not the address has an account.' })
  status: string;
}

export class VerifyEmailDto extends LinkTokenDto {
  /**
   * Confirming an address that was never confirmed clears any password set
   * before (someone else may have registered the address); the person
   * opening the link chooses the password here, or signs in by link.
   */
  @ApiPropertyOptional({
    minLength: 10,
    maxLength: 128,
    description:
      'The password to sign in with from now on. A password set before the address was first confirmed stops working either way; without one, sign in by link.',
  })
  @IsOmittable()
  @NewPasswordField()
  password?: string;
}

export class ConfirmIdentityDto {
  /** Read by ApiValidationPipe: the request may have no body at all. */
  static readonly mayBeOmitted = true;

  @ApiPropertyOptional({
    maxLength: 128,
    description: 'The current password; needed only when this sign-in began more than 10 minutes ago (or sign in again, by link).',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  @HasNoControlCharacters()
  password?: string;
}
