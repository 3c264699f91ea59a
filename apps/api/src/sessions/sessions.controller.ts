import { Body, Controller, Get, Header, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
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
} from './dto/session.dto';
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
    return { items: items.map((s) => SessionResponse.from(s, actor)), total, limit: query.limit, offset: query.offset };
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
    return {
      items: items.map((s) => {
        const concern = concerns.get(s.id);
        return { ...SessionResponse.from(s, actor), ...(concern && concern !== 'none' ? { concern } : {}) };
      }),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  @Get(':id')
  @ApiOkResponse({ type: SessionResponse })
  async get(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<SessionResponse> {
    return SessionResponse.from(await this.sessions.get(actor, id), actor);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionResponse })
  @ApiProblems(ErrorCode.SessionNotChangeable)
  async cancel(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: CancelSessionDto): Promise<SessionResponse> {
    return SessionResponse.from(await this.sessions.cancel(actor, id, dto), actor);
  }

  @Post(':id/reschedule')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionResponse })
  @ApiProblems(ErrorCode.Forbidden, ErrorCode.SessionNotChangeable, ...SLOT_PROBLEMS)
  async reschedule(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: RescheduleSessionDto): Promise<SessionResponse> {
    return SessionResponse.from(await this.booking.reschedule(actor, id, dto), actor);
  }

  @Post(':id/attendance')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionResponse })
  @ApiProblems(ErrorCode.Forbidden, ErrorCode.SessionNotChangeable, ErrorCode.AttendanceTooEarly)
  async attendance(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: AttendanceDto): Promise<SessionResponse> {
    return SessionResponse.from(await this.sessions.recordAttendance(actor, id, dto), actor);
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
