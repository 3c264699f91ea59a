import { Body, Controller, Headers, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { SearchThrottleGuard } from '../common/throttle/search-throttle.guard';
import { ApiIdempotencyKey, IDEMPOTENCY_KEY_HEADER, idempotencyKeyOf, sendIdempotent } from '../common/http/idempotency-key';
import { SLOT_PROBLEMS } from '../sessions/booking.service';
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
  @ApiIdempotencyKey('With book: true, the same key and body return the session booked the first time.')
  @ApiProblems(
    ErrorCode.Forbidden,
    ErrorCode.AcademyForbidden,
    ErrorCode.NotANewcomer,
    ErrorCode.NoMatch,
    ErrorCode.ConsentRequired,
    ErrorCode.IdempotencyKeyReused,
    ...SLOT_PROBLEMS,
  )
  async match(
    @CurrentActor() actor: Actor,
    @Body() dto: MatchRequestDto,
    @Headers(IDEMPOTENCY_KEY_HEADER) idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MatchResponse> {
    return sendIdempotent(response, await this.matches.match(actor, dto, idempotencyKeyOf(idempotencyKey)));
  }
}
