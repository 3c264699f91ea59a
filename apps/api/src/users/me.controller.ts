import { Body, Controller, Delete, Get, HttpCode, Patch, Put, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiBearerAuth, ApiBody, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { clientAddressOf } from '../auth/auth.controller';
import { AuthService } from '../auth/auth.service';
import { ChangePasswordDto, ConfirmIdentityDto } from '../auth/dto/account-links.dto';
import { clientInfoOf } from '../auth/client-info';
import { LoginResponse } from '../auth/dto/login.dto';
import { CurrentActor } from '../auth/current-actor.decorator';
import { UpdateMeDto } from './dto/update-me.dto';
import { UserResponse } from './dto/user.response';
import { PersonalDataService } from './personal-data.service';
import { UsersService } from './users.service';
import { ApiProblems } from '../common/http/openapi';
import { ErrorCode } from '../common/errors/error-code';

@ApiTags('me')
@ApiBearerAuth()
@Controller('v1/me')
export class MeController {
  constructor(
    private readonly users: UsersService,
    private readonly personalData: PersonalDataService,
    private readonly auth: AuthService,
  ) {}

  @Put('password')
  @HttpCode(200)
  @ApiOkResponse({
    type: LoginResponse,
    description: 'The password is changed with the current one; every other sign-in ends, and this device gets a new pair.',
  })
  @ApiProblems(ErrorCode.WrongPassword, ErrorCode.PasswordTooCommon, ErrorCode.RateLimited)
  changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto, @Req() request: Request): Promise<LoginResponse> {
    return this.auth.changePassword(actor, dto.currentPassword, dto.newPassword, clientInfoOf(request));
  }

  @Get()
  @ApiOkResponse({ type: UserResponse })
  async me(@CurrentActor() actor: Actor): Promise<UserResponse> {
    return UserResponse.from(await this.users.me(actor));
  }

  @Patch()
  @ApiOkResponse({ type: UserResponse, description: 'The language of the app and of the mails, and the time zone times are shown in.' })
  async updateMe(@CurrentActor() actor: Actor, @Body() dto: UpdateMeDto): Promise<UserResponse> {
    return UserResponse.from(await this.users.updateMe(actor, dto));
  }

  @Get('export')
  @ApiOkResponse({
    description:
      'Everything held about the caller: account, coach profile and hours, sessions, notifications, audit entries, sign-in history (when, which device; never a token), feedback sent, coach reports and flags closed.',
  })
  exportOwnData(@CurrentActor() actor: Actor): Promise<object> {
    return this.personalData.exportOf(actor);
  }

  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse({
    description:
      'Erases the caller: personal fields are anonymised, future sessions cancelled; past sessions stay, without identity, for the statistics. Needs a sign-in that began within the last 10 minutes (by password or by a fresh sign-in link), or the password in the body `{"password": "…"}`; otherwise 403 `recent_sign_in_required`. The body may be empty.',
  })
  @ApiBody({ type: ConfirmIdentityDto, required: false })
  @ApiProblems(ErrorCode.RecentSignInRequired, ErrorCode.WrongPassword, ErrorCode.RateLimited)
  async eraseOwnData(@CurrentActor() actor: Actor, @Body() dto: ConfirmIdentityDto, @Req() request: Request): Promise<void> {
    await this.auth.assertRecentlyIdentified(actor, dto.password, clientAddressOf(request));
    await this.personalData.eraseSelf(actor);
  }
}
