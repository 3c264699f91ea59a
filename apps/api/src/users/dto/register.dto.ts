import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { HasNoControlCharacters } from '../../common/http/validators';
import { AccountFieldsDto } from './account-fields.dto';

export class RegisterDto extends AccountFieldsDto {
  @ApiProperty({ minLength: 10, maxLength: 128, description: 'At least 10 characters.' })
  @IsString()
  @MinLength(10)
  @MaxLength(128)
  @HasNoControlCharacters()
  password: string;

  @ApiProperty({ format: 'uuid', description: 'The academy the newcomer belongs to (see GET /v1/academies).' })
  @IsUUID('all', { message: 'must be the id of an academy' })
  academyId: string;
}
