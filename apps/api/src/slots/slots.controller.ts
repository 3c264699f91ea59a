import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { SearchThrottleGuard } from '../common/throttle/search-throttle.guard';
import { SlotQueryDto, SlotsResponse } from './slots.dto';
import { SlotsService } from './slots.service';
import { ApiProblems } from '../common/http/openapi';
import { ErrorCode } from '../common/errors/error-code';

@ApiTags('slots')
@ApiBearerAuth()
@UseGuards(SearchThrottleGuard)
@Controller('v1/slots')
export class SlotsController {
  constructor(private readonly slots: SlotsService) {}

  /** Free slots of active coaches, ordered by start, with times in the requested zone. */
  @Get()
  @ApiOkResponse({ type: SlotsResponse })
  @ApiProblems(ErrorCode.AcademyForbidden)
  search(@CurrentActor() actor: Actor, @Query() query: SlotQueryDto): Promise<SlotsResponse> {
    return this.slots.search(actor, query);
  }
}
