import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { ErrorCode } from '../common/errors/error-code';
import { AuditService } from './audit.service';
import { AuditLogQuery, AuditPageResponse } from './dto/audit.dto';
import { ApiProblems } from '../common/http/openapi';

/** Who changed what, and when. Coordinators read their own academy's entries; admins read all of them. */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('coordinator', 'admin')
@Controller('v1/audit-log')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOkResponse({ type: AuditPageResponse })
  @ApiProblems(ErrorCode.AcademyForbidden)
  list(@CurrentActor() actor: Actor, @Query() query: AuditLogQuery): Promise<AuditPageResponse> {
    return this.audit.list(actor, query);
  }
}
