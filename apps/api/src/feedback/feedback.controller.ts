import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Public, Roles } from '../auth/roles.decorator';
import { ErrorCode } from '../common/errors/error-code';
import { ApiProblems } from '../common/http/openapi';
import { IdParam } from '../common/http/parse-uuid.pipe';
import {
  CloseFlagDto,
  CoachFeedbackSummaryResponse,
  CoachReportDto,
  CoachReportResponse,
  FeedbackDto,
  FeedbackResponse,
  FlagListQuery,
  FlagListResponse,
  FlagResponse,
} from './dto/feedback.dto';
import { FeedbackService } from './feedback.service';

@ApiTags('feedback')
@Controller('v1')
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  /** The newcomer's answer from the mail's link: no sign-in, the token is the proof. */
  @Public()
  @Post('feedback')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Recorded; a later answer with the same link within 14 days replaces it.' })
  @ApiProblems(ErrorCode.InvalidLinkToken)
  async answer(@Body() dto: FeedbackDto): Promise<void> {
    await this.feedback.answer(dto);
  }

  @ApiBearerAuth()
  @Get('sessions/:id/feedback')
  @ApiOkResponse({
    type: FeedbackResponse,
    description: 'The newcomer’s own answer; coordinators of the academy and admins. Never coaches.',
  })
  @ApiProblems(ErrorCode.Forbidden)
  answerOf(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<FeedbackResponse> {
    return this.feedback.answerOf(actor, id);
  }

  @ApiBearerAuth()
  @Get('coaches/:id/feedback-summary')
  @ApiOkResponse({ type: CoachFeedbackSummaryResponse })
  @ApiProblems(ErrorCode.Forbidden, ErrorCode.AcademyForbidden)
  coachSummary(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<CoachFeedbackSummaryResponse> {
    return this.feedback.coachSummary(actor, id);
  }

  @ApiBearerAuth()
  @Get('sessions/:id/coach-report')
  @ApiOkResponse({ type: CoachReportResponse })
  @ApiProblems(ErrorCode.Forbidden)
  report(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<CoachReportResponse> {
    return this.feedback.reportOf(actor, id);
  }

  @ApiBearerAuth()
  @Post('sessions/:id/coach-report')
  @HttpCode(200)
  @ApiOkResponse({
    type: CoachReportResponse,
    description: 'Written or replaced. An urgent concern mails the academy’s coordinators at once.',
  })
  @ApiProblems(ErrorCode.Forbidden, ErrorCode.SessionNotChangeable, ErrorCode.ReportTooEarly)
  saveReport(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: CoachReportDto): Promise<CoachReportResponse> {
    return this.feedback.saveReport(actor, id, dto);
  }

  @ApiBearerAuth()
  @Roles('coordinator', 'admin')
  @Get('flags')
  @ApiOkResponse({ type: FlagListResponse })
  @ApiProblems(ErrorCode.AcademyForbidden)
  async flags(@CurrentActor() actor: Actor, @Query() query: FlagListQuery): Promise<FlagListResponse> {
    return { items: await this.feedback.flags(actor, query) };
  }

  @ApiBearerAuth()
  @Roles('coordinator', 'admin')
  @Post('flags/:id/close')
  @HttpCode(200)
  @ApiOkResponse({ type: FlagResponse, description: 'The id is the session’s. The audit log records who closed it.' })
  @ApiProblems(ErrorCode.FlagNotOpen)
  closeFlag(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: CloseFlagDto): Promise<FlagResponse> {
    return this.feedback.closeFlag(actor, id, dto);
  }
}
