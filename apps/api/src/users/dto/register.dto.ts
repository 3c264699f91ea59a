import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { AccountFieldsDto } from './account-fields.dto';

export class RegisterDto extends AccountFieldsDto {
  @ApiProperty({ format: 'uuid', description: 'The academy the newcomer belongs to (see GET /v1/academies).' })
  @IsUUID('all', { message: 'must be the id of an academy' })
  academyId: string;
}
