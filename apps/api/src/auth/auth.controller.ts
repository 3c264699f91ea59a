import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { RegisterDto } from '../users/dto/register.dto';
import { UsersService } from '../users/users.service';
import { Actor } from './actor';
import { AuthService } from './auth.service';
import { CurrentActor } from './current-actor.decorator';
import { AcceptedResponse, EmailOnlyDto, LinkTokenDto, NewPasswordDto, RefreshDto, VerifyEmailDto } from './dto/account-links.dto';
import { clientInfoOf } from './client-info';
import { LoginDto, LoginResponse } from './dto/login.dto';
import { Public } from './roles.decorator';
import { answerNoSoonerThan, LINK_REQUEST_FLOOR_MS } from '../common/http/answer-floor';
import { ApiProblems } from '../common/http/openapi';
import { ErrorCode } from '../common/errors/error-code';

/** The client's address as Express derives it under TRUST_PROXY (the socket's peer unless proxies are trusted). */
export const clientAddressOf = (request: Request): string => request.ip ?? 'unknown';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Post('register')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: AcceptedResponse,
    description:
      'The same answer for a new address and for one that has an account: a new account gets a verification link, an existing one a mail saying so.',
  })
  @ApiProblems(ErrorCode.UnknownAcademy, ErrorCode.RateLimited, ErrorCode.PasswordTooCommon)
  async register(@Body() dto: RegisterDto, @Req() request: Request): Promise<AcceptedResponse> {
    await this.users.register(dto, clientAddressOf(request));
    return { status: 'verification_sent' };
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponse })
  @ApiProblems(ErrorCode.InvalidCredentials, ErrorCode.AccountDisabled, ErrorCode.EmailNotVerified, ErrorCode.RateLimited)
  login(@Body() dto: LoginDto, @Req() request: Request): Promise<LoginResponse> {
    return this.auth.login(dto, clientInfoOf(request));
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({
    type: LoginResponse,
    description:
      'A new access token and refresh token; the refresh token sent is spent. Sent again by the same device within REFRESH_RETRY_GRACE_SECONDS (a retry), it answers the same new refresh token; otherwise a spent token ends its sign-in.',
  })
  @ApiProblems(ErrorCode.InvalidRefreshToken, ErrorCode.AccountDisabled)
  refresh(@Body() dto: RefreshDto, @Req() request: Request): Promise<LoginResponse> {
    return this.auth.refresh(dto.refreshToken, clientInfoOf(request));
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'Ends this device’s sign-in: the access token and its refresh token stop working.' })
  logout(@CurrentActor() actor: Actor): Promise<void> {
    return this.auth.logout(actor);
  }

  @Post('logout-all')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'Ends every sign-in of the account, on every device.' })
  logoutEverywhere(@CurrentActor() actor: Actor): Promise<void> {
    return this.auth.logoutEverywhere(actor);
  }

  @Public()
  @Post('password-reset')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: AcceptedResponse, description: 'Always 202: a reset link is mailed if the address has an account.' })
  @ApiProblems(ErrorCode.RateLimited)
  async requestPasswordReset(@Body() dto: EmailOnlyDto, @Req() request: Request): Promise<AcceptedResponse> {
    await answerNoSoonerThan(LINK_REQUEST_FLOOR_MS, () => this.auth.requestPasswordReset(dto.email, clientAddressOf(request)));
    return { status: 'reset_link_sent' };
  }

  @Public()
  @Post('password-reset/confirm')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The new password is set and every sign-in of the account ends.' })
  @ApiProblems(ErrorCode.InvalidLinkToken, ErrorCode.PasswordTooCommon)
  confirmPasswordReset(@Body() dto: NewPasswordDto): Promise<void> {
    return this.auth.confirmPasswordReset(dto.token, dto.password);
  }

  @Public()
  @Post('sign-in-link')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: AcceptedResponse, description: 'Always 202: a sign-in link is mailed if the address has an account.' })
  @ApiProblems(ErrorCode.RateLimited)
  async requestSignInLink(@Body() dto: EmailOnlyDto, @Req() request: Request): Promise<AcceptedResponse> {
    await answerNoSoonerThan(LINK_REQUEST_FLOOR_MS, () => this.auth.requestSignInLink(dto.email, clientAddressOf(request)));
    return { status: 'sign_in_link_sent' };
  }

  @Public()
  @Post('sign-in-link/consume')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponse })
  @ApiProblems(ErrorCode.InvalidLinkToken, ErrorCode.AccountDisabled)
  consumeSignInLink(@Body() dto: LinkTokenDto, @Req() request: Request): Promise<LoginResponse> {
    return this.auth.consumeSignInLink(dto.token, clientInfoOf(request));
  }

  @Public()
  @Post('verify-email')
  @HttpCode(204)
  @ApiNoContentResponse({
    description:
      'The address is verified; a newcomer may now book. The first time, a password set before stops working and every sign-in ends (whoever registered the address); `password`, if sent, is the password from now on.',
  })
  @ApiProblems(ErrorCode.InvalidLinkToken)
  verifyEmail(@Body() dto: VerifyEmailDto): Promise<void> {
    return this.auth.verifyEmail(dto.token, dto.password);
  }

  @Post('verify-email/resend')
  @HttpCode(202)
  @ApiBearerAuth()
  @ApiAcceptedResponse({
    type: AcceptedResponse,
    description: 'A new verification link replaces the previous one (nothing is sent if the address is verified).',
  })
  async resendVerification(@CurrentActor() actor: Actor): Promise<AcceptedResponse> {
    await this.auth.resendVerification(actor);
    return { status: 'verification_sent' };
  }

  @Public()
  @Post('invitations/accept')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponse, description: 'The invitee’s password is set, and they are signed in.' })
  @ApiProblems(ErrorCode.InvalidLinkToken, ErrorCode.AccountDisabled, ErrorCode.PasswordTooCommon)
  acceptInvitation(@Body() dto: NewPasswordDto, @Req() request: Request): Promise<LoginResponse> {
    return this.auth.acceptInvitation(dto.token, dto.password, clientInfoOf(request));
  }
}
