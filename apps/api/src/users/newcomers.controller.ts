import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { ApiProblems } from '../common/http/openapi';
import { ErrorCode } from '../common/errors/error-code';
import { CreateNewcomerDto } from './dto/create-newcomer.dto';
import { UserResponse } from './dto/user.response';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('coordinator', 'admin')
@Controller('v1/newcomers')
export class NewcomersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiCreatedResponse({
    type: UserResponse,
    description:
      'A coordinator registers a newcomer of their own academy (an admin: of the academy named). The account has no password; an invitation mail in the newcomer’s locale (7 days, single use) lets them choose one, which also confirms the address. Until then no sign-in or reset link is sent for the address.',
  })
  @ApiProblems(ErrorCode.AcademyForbidden, ErrorCode.EmailTaken, ErrorCode.UnknownAcademy)
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateNewcomerDto): Promise<UserResponse> {
    return UserResponse.from(await this.users.create(actor, { ...dto, role: 'newcomer' }));
  }
}
