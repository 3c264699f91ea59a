import { Body, Controller, Headers, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { SearchThrottleGuard } from '../common/throttle/search-throttle.guard';
import { idempotencyKeyOf } from '../common/http/idempotency-key';
import { MATCH_SCHEMAS, MatchRequestDto, MatchResponse } from './dto/match.dto';
import { MatchesService } from './matches.service';
import { ApiProblems } from '../common/http/openapi';
import { ErrorCode } from '../common/errors/error-code';

@ApiTags('matching')
@ApiBearerAuth()
@ApiExtraModels(...MATCH_SCHEMAS)
@UseGuards(SearchThrottleGuard)
@Controller('v1/matches')
export class MatchesController {
  constructor(private readonly matches: MatchesService) {}

  /** Ranks coaches for a newcomer, with reasons; with `book: true`, also books the best one’s first matching slot (201). */
  @Post()
  @ApiOkResponse({ type: MatchResponse, description: 'Candidates, best first.' })
  @ApiCreatedResponse({ type: MatchResponse, description: 'With book: true: the candidates and the session booked.' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'With book: true, the same key and body return the session booked the first time.',
  })
  @ApiProblems(
    ErrorCode.Forbidden,
    ErrorCode.AcademyForbidden,
    ErrorCode.NotANewcomer,
    ErrorCode.NoMatch,
    ErrorCode.ConsentRequired,
    ErrorCode.IdempotencyKeyReused,
    ErrorCode.SlotUnavailable,
    ErrorCode.OutsideAvailability,
    ErrorCode.TooShortNotice,
    ErrorCode.BeyondHorizon,
    ErrorCode.DailyLimitReached,
    ErrorCode.WeeklyLimitReached,
    ErrorCode.CoachUnavailable,
  )
  async match(
    @CurrentActor() actor: Actor,
    @Body() dto: MatchRequestDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MatchResponse> {
    const result = await this.matches.match(actor, dto, idempotencyKeyOf(idempotencyKey));
    response.status(result.status);
    if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
    return result.body;
  }
}
