import { Body, Controller, Get, Header, Headers, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { ErrorCode } from '../common/errors/error-code';
import { ApiIdempotencyKey, IDEMPOTENCY_KEY_HEADER, idempotencyKeyOf, sendIdempotent } from '../common/http/idempotency-key';
import { IdParam } from '../common/http/parse-uuid.pipe';
import {
  AttendanceDto,
  BookSessionDto,
  CancelSessionDto,
  ListSessionsQuery,
  NeedsAttentionQuery,
  RescheduleSessionDto,
  SetMeetingUrlDto,
} from './dto/session.dto';
import { JoinResponse } from './dto/join.response';
import { SessionJoinService } from './session-join.service';
import { SessionView } from './session-view';
import { NotificationListResponse, NotificationResponse } from './dto/notification.response';
import { SessionPageResponse, SessionResponse } from './dto/session.response';
import { BookingService, SLOT_PROBLEMS } from './booking.service';
import { SessionsService } from './sessions.service';
import { ApiProblems } from '../common/http/openapi';

@ApiTags('sessions')
@ApiBearerAuth()
@Controller('v1/sessions')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly booking: BookingService,
    private readonly view: SessionView,
    private readonly joining: SessionJoinService,
  ) {}

  @Post()
  @ApiIdempotencyKey('The same key and body replay the first response.')
  @ApiCreatedResponse({ type: SessionResponse })
  @ApiProblems(
    ErrorCode.Forbidden,
    ErrorCode.AcademyForbidden,
    ErrorCode.NotANewcomer,
    ErrorCode.ConsentRequired,
    ErrorCode.IdempotencyKeyReused,
    ...SLOT_PROBLEMS,
  )
  async book(
    @CurrentActor() actor: Actor,
    @Body() dto: BookSessionDto,
    @Headers(IDEMPOTENCY_KEY_HEADER) idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    return sendIdempotent(response, await this.booking.book(actor, dto, idempotencyKeyOf(idempotencyKey)));
  }

  @Get()
  @ApiOkResponse({ type: SessionPageResponse })
  @ApiProblems(ErrorCode.AcademyForbidden)
  async list(@CurrentActor() actor: Actor, @Query() query: ListSessionsQuery): Promise<SessionPageResponse> {
    const { items, total } = await this.sessions.list(actor, query);
    return { items: await this.view.withJoins(items, actor), total, limit: query.limit, offset: query.offset };
  }

  @Get('needs-attention')
  @Roles('coordinator', 'admin')
  @ApiOkResponse({
    type: SessionPageResponse,
    description:
      'Sessions with an open safeguarding flag (urgent first, then concerns), then booked sessions that ended more than 48 hours ago without an outcome, oldest first.',
  })
  @ApiProblems(ErrorCode.AcademyForbidden)
  async needsAttention(@CurrentActor() actor: Actor, @Query() query: NeedsAttentionQuery): Promise<SessionPageResponse> {
    const { items, total, concerns } = await this.sessions.needsAttention(actor, query);
    const viewed = await this.view.withJoins(items, actor);
    return {
      items: viewed.map((s) => {
        const concern = concerns.get(s.id);
        return { ...s, ...(concern && concern !== 'none' ? { concern } : {}) };
      }),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  @Get(':id')
  @ApiOkResponse({ type: SessionResponse })
  async get(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<SessionResponse> {
    const [session] = await this.view.withJoins([await this.sessions.get(actor, id)], actor);
    return session;
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionResponse })
  @ApiProblems(ErrorCode.SessionNotChangeable)
  async cancel(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: CancelSessionDto): Promise<SessionResponse> {
    return this.view.of(await this.sessions.cancel(actor, id, dto), actor);
  }

  @Post(':id/reschedule')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionResponse })
  @ApiProblems(ErrorCode.Forbidden, ErrorCode.SessionNotChangeable, ...SLOT_PROBLEMS)
  async reschedule(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: RescheduleSessionDto): Promise<SessionResponse> {
    return this.view.of(await this.booking.reschedule(actor, id, dto), actor);
  }

  @Post(':id/attendance')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionResponse })
  @ApiProblems(ErrorCode.Forbidden, ErrorCode.SessionNotChangeable, ErrorCode.AttendanceTooEarly)
  async attendance(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: AttendanceDto): Promise<SessionResponse> {
    return this.view.of(await this.sessions.recordAttendance(actor, id, dto), actor);
  }

  /**
   * The session's room, for its coach and its newcomer, from ten minutes before the start until
   * fifteen after the end. The answer is the only place the room's URL (and token) appears.
   */
  @Get(':id/join')
  @Roles('coach', 'newcomer')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: JoinResponse })
  @ApiProblems(ErrorCode.Forbidden, ErrorCode.TooEarly, ErrorCode.SessionOver, ErrorCode.SessionCancelled, ErrorCode.MeetingUrlMissing)
  join(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<JoinResponse> {
    return this.joining.join(actor, id);
  }

  /** MEETING_PROVIDER=url: where the session meets. Not repeated in any answer but the join endpoint's. */
  @Put(':id/meeting-url')
  @Roles('coach', 'coordinator', 'admin')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Set; only the join endpoint gives it out.' })
  @ApiProblems(ErrorCode.Forbidden, ErrorCode.MeetingUrlNotUsed, ErrorCode.SessionNotChangeable)
  async setMeetingUrl(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: SetMeetingUrlDto): Promise<void> {
    await this.joining.setMeetingUrl(actor, id, dto.url);
  }

  /** Every message the session owes or owed, with its state: coordinators and admins only. */
  @Get(':id/notifications')
  @ApiOkResponse({ type: NotificationListResponse })
  @ApiProblems(ErrorCode.Forbidden)
  async notifications(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<NotificationListResponse> {
    const { session, rows } = await this.sessions.notifications(actor, id);
    return { items: rows.map((row) => NotificationResponse.from(row, session.coachId, actor.timeZone)) };
  }

  /** RFC 5545, UTC times; UID is stable and SEQUENCE is the session's version. */
  @Get(':id/calendar.ics')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @ApiProduces('text/calendar')
  async calendar(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<string> {
    return this.sessions.calendar(actor, id);
  }
}
