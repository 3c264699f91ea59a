import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { IdParam, ParseUuidPipe } from '../common/http/parse-uuid.pipe';
import { ParseLocalDatePipe } from '../common/http/parse-local-date.pipe';
import { CoachLifecycleService } from './coach-lifecycle.service';
import { CoachPolicy } from './coach.policy';
import { CoachesService } from './coaches.service';
import { DateOverrideDto, TimeOffDto, WeeklyAvailabilityDto } from './dto/availability.dto';
import { ChangeCoachStatusDto, CreateCoachDto, ListCoachesQuery, UpdateCoachDto } from './dto/coach-profile.dto';
import {
  AvailabilityResponse,
  CoachPageResponse,
  CoachResponse,
  CoachStatusChangeResponse,
  FutureSessionSummary,
  TimeOffResponse,
} from './dto/coach.response';
import { ApiProblems } from '../common/http/openapi';
import { ErrorCode } from '../common/errors/error-code';

@ApiTags('coaches')
@ApiBearerAuth()
// Named by the problem of 409 future_sessions_pending.
@ApiExtraModels(FutureSessionSummary)
@Controller('v1/coaches')
export class CoachesController {
  constructor(
    private readonly coaches: CoachesService,
    private readonly lifecycle: CoachLifecycleService,
  ) {}

  @Post()
  @Roles('coordinator', 'admin')
  @ApiCreatedResponse({ type: CoachResponse })
  @ApiProblems(ErrorCode.AcademyForbidden, ErrorCode.NotACoach, ErrorCode.CoachProfileExists)
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateCoachDto): Promise<CoachResponse> {
    return CoachResponse.from(await this.coaches.create(actor, dto), true);
  }

  @Get()
  @ApiOkResponse({ type: CoachPageResponse })
  @ApiProblems(ErrorCode.AcademyForbidden)
  async list(@CurrentActor() actor: Actor, @Query() query: ListCoachesQuery): Promise<CoachPageResponse> {
    const { items, total } = await this.coaches.list(actor, query);
    return {
      items: items.map((p) => CoachResponse.from(p, CoachPolicy.maySeePrivate(actor, p.userId))),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  @Get(':id')
  @ApiOkResponse({ type: CoachResponse })
  async get(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<CoachResponse> {
    return CoachResponse.from(await this.coaches.get(actor, id), CoachPolicy.maySeePrivate(actor, id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: CoachResponse })
  @ApiProblems(ErrorCode.Forbidden)
  async update(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: UpdateCoachDto): Promise<CoachResponse> {
    return CoachResponse.from(await this.coaches.update(actor, id, dto), true);
  }

  @Post(':id/status')
  @HttpCode(200)
  @Roles('coordinator', 'admin', 'coach')
  @ApiOkResponse({
    type: CoachStatusChangeResponse,
    description:
      '409 future_sessions_pending lists the future sessions when futureSessions is missing. ' +
      'A coach may only pause their own profile or make it active again after a pause.',
  })
  @ApiProblems(ErrorCode.Forbidden, ErrorCode.InvalidTransition, ErrorCode.FutureSessionsPending)
  async changeStatus(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: ChangeCoachStatusDto,
  ): Promise<CoachStatusChangeResponse> {
    const change = await this.lifecycle.change(actor, id, dto);
    return { coach: CoachResponse.from(await this.coaches.get(actor, id), true), ...change };
  }

  @Get(':id/availability')
  @ApiOkResponse({ type: AvailabilityResponse })
  @ApiProblems(ErrorCode.Forbidden)
  availability(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<AvailabilityResponse> {
    return this.coaches.availability(actor, id);
  }

  @Put(':id/availability')
  @ApiOkResponse({ type: AvailabilityResponse })
  @ApiProblems(ErrorCode.Forbidden)
  replaceWeekly(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: WeeklyAvailabilityDto): Promise<AvailabilityResponse> {
    return this.coaches.replaceWeekly(actor, id, dto);
  }

  @Put(':id/overrides/:date')
  @ApiOkResponse({ type: AvailabilityResponse })
  @ApiProblems(ErrorCode.Forbidden)
  putOverride(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Param('date', ParseLocalDatePipe) date: string,
    @Body() dto: DateOverrideDto,
  ): Promise<AvailabilityResponse> {
    return this.coaches.putOverride(actor, id, date, dto);
  }

  @Delete(':id/overrides/:date')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiProblems(ErrorCode.Forbidden)
  deleteOverride(@CurrentActor() actor: Actor, @IdParam() id: string, @Param('date', ParseLocalDatePipe) date: string): Promise<void> {
    return this.coaches.deleteOverride(actor, id, date);
  }

  @Post(':id/time-off')
  @ApiCreatedResponse({ type: TimeOffResponse })
  @ApiProblems(ErrorCode.Forbidden)
  addTimeOff(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: TimeOffDto): Promise<TimeOffResponse> {
    return this.coaches.addTimeOff(actor, id, dto);
  }

  @Delete(':id/time-off/:timeOffId')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiProblems(ErrorCode.Forbidden)
  deleteTimeOff(@CurrentActor() actor: Actor, @IdParam() id: string, @Param('timeOffId', ParseUuidPipe) timeOffId: string): Promise<void> {
    return this.coaches.deleteTimeOff(actor, id, timeOffId);
  }
}
