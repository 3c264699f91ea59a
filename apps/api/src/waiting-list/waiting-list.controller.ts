import { Body, Controller, Delete, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Public } from '../auth/roles.decorator';
import { ErrorCode } from '../common/errors/error-code';
import { ApiProblems } from '../common/http/openapi';
import { IdParam } from '../common/http/parse-uuid.pipe';
import {
  JoinWaitingListDto,
  RenewWaitingListDto,
  WaitingListEntryResponse,
  WaitingListPageResponse,
  WaitingListQuery,
  WithdrawQuery,
} from './dto/waiting-list.dto';
import { WaitingListService } from './waiting-list.service';

@ApiTags('waiting list')
@ApiBearerAuth()
@Controller('v1/waiting-list')
export class WaitingListController {
  constructor(private readonly waitingList: WaitingListService) {}

  /** Puts a newcomer nobody can coach yet on the list, with what they asked the match for; again, it updates their open entry. */
  @Post()
  @ApiCreatedResponse({ type: WaitingListEntryResponse, description: 'A new entry.' })
  @ApiOkResponse({ type: WaitingListEntryResponse, description: 'The newcomer’s open entry, updated.' })
  @ApiProblems(ErrorCode.Forbidden, ErrorCode.NotANewcomer, ErrorCode.ConsentRequired)
  async join(
    @CurrentActor() actor: Actor,
    @Body() dto: JoinWaitingListDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<WaitingListEntryResponse> {
    const { status, body } = await this.waitingList.join(actor, dto);
    response.status(status);
    return body;
  }

  /** A newcomer's own entries; a coordinator's academy's; an admin's every academy's. Newest first. */
  @Get()
  @ApiOkResponse({ type: WaitingListPageResponse })
  @ApiProblems(ErrorCode.Forbidden, ErrorCode.AcademyForbidden)
  list(@CurrentActor() actor: Actor, @Query() query: WaitingListQuery): Promise<WaitingListPageResponse> {
    return this.waitingList.list(actor, query);
  }

  /** The newcomer leaves the list, or staff take an entry of their academy off it (with a reason for the audit log). */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Withdrawn.' })
  @ApiProblems(ErrorCode.Forbidden, ErrorCode.WaitingListEntryClosed)
  withdraw(@CurrentActor() actor: Actor, @IdParam() id: string, @Query() query: WithdrawQuery): Promise<void> {
    return this.waitingList.withdraw(actor, id, query);
  }

  /** The link in the mail sent 7 days before an entry lapses: the entry stays for another period. Single use. */
  @Public()
  @Post('renewals')
  @HttpCode(200)
  @ApiOkResponse({ type: WaitingListEntryResponse, description: 'The entry, with its new end.' })
  @ApiProblems(ErrorCode.InvalidLinkToken)
  renew(@Body() dto: RenewWaitingListDto): Promise<WaitingListEntryResponse> {
    return this.waitingList.renew(dto);
  }
}
