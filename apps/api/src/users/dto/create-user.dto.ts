import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { IsOmittable } from '../../common/http/validators';
import { AccountFieldsDto } from './account-fields.dto';

export const CREATABLE_ROLES = ['coach', 'coordinator'] as const;
export type CreatableRole = (typeof CREATABLE_ROLES)[number];

/** No password: the invitee gets an invitation mail and chooses their own (a password sent here is refused, naming the field). */
export class CreateUserDto extends AccountFieldsDto {
  @ApiProperty({ enum: CREATABLE_ROLES })
  @IsIn(CREATABLE_ROLES as unknown as string[], { message: 'must be coach or coordinator' })
  role: CreatableRole;

  @ApiPropertyOptional({ format: 'uuid', description: "Defaults to the coordinator's own academy; required for admins." })
  @IsOmittable()
  @IsUUID('all', { message: 'must be the id of an academy' })
  academyId?: string;
}
