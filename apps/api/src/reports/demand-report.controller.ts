import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { ErrorCode } from '../common/errors/error-code';
import { ApiProblems } from '../common/http/openapi';
import { DemandReportQuery, DemandReportResponse } from './dto/demand-report.dto';
import { DemandReportService } from './demand-report.service';

@ApiTags('reports')
@ApiBearerAuth()
@Roles('coordinator', 'admin')
@Controller('v1/reports')
export class DemandReportController {
  constructor(private readonly demand: DemandReportService) {}

  /** Unmet demand: waiting-list entries by language × topic, and searches that found no coach, per month. */
  @Get('demand')
  @ApiOkResponse({ type: DemandReportResponse })
  @ApiProblems(ErrorCode.AcademyForbidden, ErrorCode.UnknownAcademy)
  report(@CurrentActor() actor: Actor, @Query() query: DemandReportQuery): Promise<DemandReportResponse> {
    return this.demand.report(actor, query);
  }

  @Get('demand.csv')
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8; header=present')
  @Header('Content-Disposition', 'attachment; filename="demand-report.csv"')
  @ApiOkResponse({
    description: 'RFC 4180, UTF-8 with a BOM: the same figures as the JSON, one record per need and per month of unmet searches.',
  })
  @ApiProblems(ErrorCode.AcademyForbidden, ErrorCode.UnknownAcademy)
  csv(@CurrentActor() actor: Actor, @Query() query: DemandReportQuery): Promise<string> {
    return this.demand.csv(actor, query);
  }
}
