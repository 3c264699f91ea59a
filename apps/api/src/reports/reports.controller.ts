import { Controller, Get, Header, Logger, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { ReportQuery, SessionReportResponse } from './dto/report.dto';
import { ReportsService } from './reports.service';
import { FeedbackReportResponse } from './dto/feedback-report.dto';
import { FeedbackReportService } from './feedback-report.service';
import { ApiProblems } from '../common/http/openapi';
import { ErrorCode } from '../common/errors/error-code';

@ApiTags('reports')
@ApiBearerAuth()
@Roles('coordinator', 'admin')
@Controller('v1/reports')
export class ReportsController {
  private readonly logger = new Logger(ReportsController.name);

  constructor(
    private readonly reports: ReportsService,
    private readonly feedbackReports: FeedbackReportService,
  ) {}

  @Get('feedback')
  @ApiOkResponse({ type: FeedbackReportResponse })
  @ApiProblems(ErrorCode.AcademyForbidden, ErrorCode.UnknownAcademy)
  feedback(@CurrentActor() actor: Actor, @Query() query: ReportQuery): Promise<FeedbackReportResponse> {
    return this.feedbackReports.report(actor, query);
  }

  @Get('feedback.csv')
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8; header=present')
  @Header('Content-Disposition', 'attachment; filename="feedback-report.csv"')
  @ApiOkResponse({ description: 'RFC 4180, UTF-8 with a BOM: the figures of the JSON report, one record each; no names, no comments.' })
  @ApiProblems(ErrorCode.AcademyForbidden, ErrorCode.UnknownAcademy)
  feedbackCsv(@CurrentActor() actor: Actor, @Query() query: ReportQuery): Promise<string> {
    return this.feedbackReports.csv(actor, query);
  }

  @Get('sessions')
  @ApiOkResponse({ type: SessionReportResponse })
  @ApiProblems(ErrorCode.AcademyForbidden, ErrorCode.UnknownAcademy)
  sessions(@CurrentActor() actor: Actor, @Query() query: ReportQuery): Promise<SessionReportResponse> {
    return this.reports.sessionReport(actor, query);
  }

  @Get('sessions.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description:
      'RFC 4180, UTF-8 with a BOM, streamed: the report’s figures, then one row per session, without newcomers’ names or emails.',
  })
  @ApiProblems(ErrorCode.AcademyForbidden, ErrorCode.UnknownAcademy)
  async sessionsCsv(@CurrentActor() actor: Actor, @Query() query: ReportQuery, @Res() response: Response): Promise<void> {
    try {
      await this.reports.streamSessionReportCsv(actor, query, {
        // Only once the report exists: a refusal stays a problem+json, not a download named like the report.
        begin: () => {
          response.status(200);
          response.setHeader('Content-Type', 'text/csv; charset=utf-8; header=present');
          response.setHeader('Content-Disposition', 'attachment; filename="sessions-report.csv"');
        },
        write: async (chunk) => {
          if (response.destroyed) throw new Error('the client went away');
          if (!response.write(chunk)) await drainedOrClosed(response);
        },
      });
      response.end();
    } catch (error) {
      if (!response.headersSent) throw error;
      // Half a CSV must not look whole: the connection is cut instead of ended.
      this.logger.error(
        { requestId: response.req.id, err: error instanceof Error ? error.message : String(error) },
        'Report download broken off',
      );
      response.destroy();
    }
  }
}

/** Resolves when the response can take more, or the client has gone; leaves no listener behind. */
function drainedOrClosed(response: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}
