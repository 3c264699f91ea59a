import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { NewPasswordField } from '../../auth/dto/new-password.field';
import { AccountFieldsDto } from './account-fields.dto';

export class RegisterDto extends AccountFieldsDto {
  @NewPasswordField()
  password: string;

  @ApiProperty({ format: 'uuid', description: 'The academy the newcomer belongs to (see GET /v1/academies).' })
  @IsUUID('all', { message: 'must be the id of an academy' })
  academyId: string;
}
