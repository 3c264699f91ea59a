import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { ParseUuidPipe } from '../common/http/parse-uuid.pipe';
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
  @ApiCreatedResponse({ type: UserResponse })
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
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUuidPipe) id: string): Promise<UserResponse> {
    return UserResponse.from(await this.users.get(actor, id));
  }

  @Post(':id/erase')
  @HttpCode(200)
  @ApiOkResponse({ type: ErasureResponse, description: 'Erases a newcomer of the caller’s academy; repeating it changes nothing.' })
  @ApiProblems(ErrorCode.NotANewcomer)
  erase(@CurrentActor() actor: Actor, @Param('id', ParseUuidPipe) id: string): Promise<ErasureResponse> {
    return this.personalData.eraseNewcomer(actor, id);
  }
}
