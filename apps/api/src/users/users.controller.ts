import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AcceptedResponse } from '../auth/dto/account-links.dto';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { IdParam } from '../common/http/parse-uuid.pipe';
import { CreateUserDto } from './dto/create-user.dto';
import { ListUsersQuery } from './dto/list-users.query';
import { UserPageResponse, UserResponse } from './dto/user.response';
import { ErasureResponse } from './dto/erasure.response';
import { PersonalDataService } from './personal-data.service';
import { UsersService } from './users.service';
import { ApiProblems } from '../common/http/openapi';
import { ErrorCode } from '../common/errors/error-code';

@ApiTags('users')
@ApiBearerAuth()
@Roles('coordinator', 'admin')
@Controller('v1/users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly personalData: PersonalDataService,
  ) {}

  @Post()
  @ApiCreatedResponse({
    type: UserResponse,
    description: 'The account is created without a password; an invitation mail (7 days, single use) lets the invitee choose one.',
  })
  @ApiProblems(ErrorCode.AcademyForbidden, ErrorCode.EmailTaken, ErrorCode.UnknownAcademy)
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<UserResponse> {
    return UserResponse.from(await this.users.create(actor, dto));
  }

  @Get()
  @ApiOkResponse({ type: UserPageResponse })
  @ApiProblems(ErrorCode.AcademyForbidden)
  async list(@CurrentActor() actor: Actor, @Query() query: ListUsersQuery): Promise<UserPageResponse> {
    const { items, total } = await this.users.list(actor, query);
    return { items: items.map((u) => UserResponse.from(u)), total, limit: query.limit, offset: query.offset };
  }

  @Get(':id')
  @ApiOkResponse({ type: UserResponse })
  async get(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<UserResponse> {
    return UserResponse.from(await this.users.get(actor, id));
  }

  @Post(':id/invitation')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: AcceptedResponse,
    description: 'A new invitation link, replacing the previous one; 409 once the invitation was accepted.',
  })
  @ApiProblems(ErrorCode.InvitationNotPending)
  async resendInvitation(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<AcceptedResponse> {
    await this.users.resendInvitation(actor, id);
    return { status: 'invitation_sent' };
  }

  @Delete(':id/invitation')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The invitation link stops working; 409 once the invitation was accepted.' })
  @ApiProblems(ErrorCode.InvitationNotPending)
  revokeInvitation(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<void> {
    return this.users.revokeInvitation(actor, id);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOkResponse({
    type: UserResponse,
    description: 'Admins: any account; coordinators: coaches and coordinators of their academy. Every sign-in ends at once.',
  })
  async disable(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<UserResponse> {
    return UserResponse.from(await this.users.setDisabled(actor, id, true));
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOkResponse({ type: UserResponse })
  async enable(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<UserResponse> {
    return UserResponse.from(await this.users.setDisabled(actor, id, false));
  }

  @Post(':id/erase')
  @HttpCode(200)
  @ApiOkResponse({ type: ErasureResponse, description: 'Erases a newcomer of the caller’s academy; repeating it changes nothing.' })
  @ApiProblems(ErrorCode.NotANewcomer)
  erase(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ErasureResponse> {
    return this.personalData.eraseNewcomer(actor, id);
  }
}
