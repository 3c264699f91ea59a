import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { IsOmittable } from '../../common/http/validators';
import { AccountFieldsDto } from './account-fields.dto';

/**
 * A newcomer registered by their academy (a class at its first lesson, a
 * person without email skills): no password; the invitation mail, in the
 * newcomer's own locale, lets them choose one.
 */
export class CreateNewcomerDto extends AccountFieldsDto {
  @ApiPropertyOptional({ format: 'uuid', description: "Defaults to the coordinator's own academy; required for admins." })
  @IsOmittable()
  @IsUUID('all', { message: 'must be the id of an academy' })
  academyId?: string;
}
