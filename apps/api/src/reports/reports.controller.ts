import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { ReportQuery, SessionReportResponse } from './dto/report.dto';
import { ReportsService } from './reports.service';
import { ApiProblems } from '../common/http/openapi';
import { ErrorCode } from '../common/errors/error-code';

@ApiTags('reports')
@ApiBearerAuth()
@Roles('coordinator', 'admin')
@Controller('v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('sessions')
  @ApiOkResponse({ type: SessionReportResponse })
  @ApiProblems(ErrorCode.AcademyForbidden, ErrorCode.UnknownAcademy)
  sessions(@CurrentActor() actor: Actor, @Query() query: ReportQuery): Promise<SessionReportResponse> {
    return this.reports.sessionReport(actor, query);
  }

  @Get('sessions.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'RFC 4180, UTF-8 with a BOM: the report’s figures, then one row per session, without newcomers’ names or emails.' })
  @ApiProblems(ErrorCode.AcademyForbidden, ErrorCode.UnknownAcademy)
  async sessionsCsv(@CurrentActor() actor: Actor, @Query() query: ReportQuery, @Res({ passthrough: true }) response: Response): Promise<string> {
    const csv = await this.reports.sessionReportCsv(actor, query);
    // Set only once the report exists: a refusal stays a problem+json, not a download named like the report.
    response.setHeader('Content-Type', 'text/csv; charset=utf-8; header=present');
    response.setHeader('Content-Disposition', 'attachment; filename="sessions-report.csv"');
    return csv;
  }
}
