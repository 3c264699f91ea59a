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
  @ApiProperty({ description: 'Bearer token for the Authorization header.' }) accessToken: string;
  @ApiProperty({ type: 'integer', description: 'Seconds until the token expires.' }) expiresIn: number;
  @ApiProperty({ type: UserResponse }) user: UserResponse;
}
