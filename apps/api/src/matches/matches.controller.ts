import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { MatchRequestDto, MatchResponse } from './dto/match.dto';
import { MatchesService } from './matches.service';

@ApiTags('matching')
@ApiBearerAuth()
@Controller('v1/matches')
export class MatchesController {
  constructor(private readonly matches: MatchesService) {}

  /** Ranks coaches for a newcomer, with reasons; with `book: true`, also books the best one’s first matching slot (201). */
  @Post()
  @ApiOkResponse({ type: MatchResponse, description: 'Candidates, best first.' })
  @ApiCreatedResponse({ type: MatchResponse, description: 'With book: true: the candidates and the session booked.' })
  async match(@CurrentActor() actor: Actor, @Body() dto: MatchRequestDto, @Res({ passthrough: true }) response: Response): Promise<MatchResponse> {
    const result = await this.matches.match(actor, dto);
    response.status(result.status);
    return result.body;
  }
}
