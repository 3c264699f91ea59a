import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { ROLES, Role } from '@app/persistence';
import { PageQuery } from '../../common/http/page.query';

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES as unknown as string[], { message: `must be one of ${ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({ format: 'uuid', description: 'Admins only; a coordinator may pass only their own academy.' })
  @IsOptional()
  @IsUUID('all')
  academyId?: string;
}
