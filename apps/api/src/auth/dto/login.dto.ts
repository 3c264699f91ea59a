import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { HasNoControlCharacters } from '../../common/http/validators';
import { UserResponse } from '../../users/dto/user.response';

export class LoginDto {
  @ApiProperty({ example: 'amina@example.org' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  @HasNoControlCharacters()
  password: string;
}

export class LoginResponse {
  @ApiProperty({ description: 'Bearer token for the Authorization header; short-lived.' }) accessToken: string;
  @ApiProperty({ type: 'integer', description: 'Seconds until the access token expires.' }) expiresIn: number;
  @ApiProperty({ description: 'Gets a new pair from POST /v1/auth/refresh; works once, and reusing it ends this sign-in.' })
  refreshToken: string;
  @ApiProperty({ type: UserResponse }) user: UserResponse;
}
