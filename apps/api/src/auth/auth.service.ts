import { Injectable } from '@nestjs/common';
import { SignInsRepository, UserEntity, UsersRepository } from '@app/persistence';
import { Clock } from '../common/clock';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';
import { RequestThrottle } from '../common/throttle/request-throttle.service';
import { AccountLinks } from './account-links.service';
import { Actor } from './actor';
import { LoginDto, LoginResponse } from './dto/login.dto';
import { LoginRateLimiter } from './login-rate-limiter.service';
import { PasswordHasher } from '@app/security';
import { SignInTokens } from './sign-in-tokens.service';

/** Signing in and out, by password, by link, by invitation; resetting and changing passwords. */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly signIns: SignInsRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: SignInTokens,
    private readonly links: AccountLinks,
    private readonly rateLimiter: LoginRateLimiter,
    private readonly throttle: RequestThrottle,
    private readonly clock: Clock,
  ) {}

  async login(dto: LoginDto, clientAddress: string): Promise<LoginResponse> {
    await this.rateLimiter.assertAllowed(dto.email, clientAddress);
    const user = await this.users.findForLogin(dto.email);
    const valid = await this.hasher.verify(user?.passwordHash, dto.password);
    if (!user || !valid || user.erasedAt) {
      await this.rateLimiter.recordFailure(dto.email, clientAddress);
      throw new ApiException(ErrorCode.InvalidCredentials);
    }
    await this.rateLimiter.recordSuccess(dto.email, clientAddress);
    if (user.disabledAt) throw new ApiException(ErrorCode.AccountDisabled);
    await this.users.recordLogin(user.id);
    return this.tokens.issue(user);
  }

  refresh(refreshToken: string): Promise<LoginResponse> {
    return this.tokens.refresh(refreshToken, (id) => this.users.findById(id));
  }

  /** Ends this device's sign-in: its access token stops working now, its refresh token too. */
  async logout(actor: Actor): Promise<void> {
    if (actor.signInId) await this.signIns.end(actor.id, actor.signInId, 'sign_out');
  }

  async logoutEverywhere(actor: Actor): Promise<void> {
    await this.signIns.transaction((manager) => this.signIns.endEverywhere(manager, actor.id, 'sign_out_everywhere'));
  }

  /** Mails a reset link if the address has a live account; the answer is the same either way. */
  async requestPasswordReset(email: string, clientAddress: string): Promise<void> {
    await this.throttle.consume('link-address', clientAddress);
    await this.throttle.consume('link-email', email);
    const user = await this.users.findLiveByEmail(email);
    if (!user || user.disabledAt) return;
    await this.links.transaction((manager) => this.links.send(manager, user.id, 'password_reset', 'password_reset'));
  }

  /** Sets the new password and ends every sign-in of the account (whoever else was signed in). */
  async confirmPasswordReset(token: string, password: string): Promise<void> {
    await this.links.assertOpen(token, 'password_reset');
    const passwordHash = await this.hasher.hash(password);
    await this.links.transaction(async (manager) => {
      const userId = await this.links.consume(manager, token, 'password_reset');
      await this.users.setPassword(manager, userId, passwordHash);
      await this.users.markEmailVerified(manager, userId, this.clock.now());
      await this.signIns.endEverywhere(manager, userId, 'password_reset');
    });
  }

  async requestSignInLink(email: string, clientAddress: string): Promise<void> {
    await this.throttle.consume('link-address', clientAddress);
    await this.throttle.consume('link-email', email);
    const user = await this.users.findLiveByEmail(email);
    if (!user || user.disabledAt) return;
    await this.links.transaction((manager) => this.links.send(manager, user.id, 'sign_in', 'sign_in_link'));
  }

  async consumeSignInLink(token: string): Promise<LoginResponse> {
    const userId = await this.links.transaction(async (manager) => {
      const id = await this.links.consume(manager, token, 'sign_in');
      await this.users.markEmailVerified(manager, id, this.clock.now());
      return id;
    });
    return this.signInAfterLink(userId);
  }

  /** The invitee chooses their password and is signed in. */
  async acceptInvitation(token: string, password: string): Promise<LoginResponse> {
    await this.links.assertOpen(token, 'invitation');
    const passwordHash = await this.hasher.hash(password);
    const userId = await this.links.transaction(async (manager) => {
      const id = await this.links.consume(manager, token, 'invitation');
      await this.users.setPassword(manager, id, passwordHash);
      await this.users.markEmailVerified(manager, id, this.clock.now());
      return id;
    });
    return this.signInAfterLink(userId);
  }

  async verifyEmail(token: string): Promise<void> {
    await this.links.transaction(async (manager) => {
      const userId = await this.links.consume(manager, token, 'email_verification');
      await this.users.markEmailVerified(manager, userId, this.clock.now());
    });
  }

  async resendVerification(actor: Actor): Promise<void> {
    await this.throttle.consume('link-email', actor.id);
    const user = await this.users.findById(actor.id);
    if (!user || user.emailVerifiedAt) return;
    await this.links.transaction((manager) => this.links.send(manager, user.id, 'email_verification', 'email_verification'));
  }

  /** With the current password; every other sign-in ends, and this device gets a new pair. */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string, clientAddress: string): Promise<LoginResponse> {
    const user = await this.users.findWithPasswordById(actor.id);
    if (!user) throw new ApiException(ErrorCode.Unauthorized);
    await this.rateLimiter.assertAllowed(user.email, clientAddress);
    if (!(await this.hasher.verify(user.passwordHash, currentPassword))) {
      await this.rateLimiter.recordFailure(user.email, clientAddress);
      throw new ApiException(ErrorCode.WrongPassword, undefined, [{ field: 'currentPassword', message: 'is not your current password' }]);
    }
    const passwordHash = await this.hasher.hash(newPassword);
    await this.signIns.transaction(async (manager) => {
      await this.users.setPassword(manager, user.id, passwordHash);
      await this.signIns.endEverywhere(manager, user.id, 'password_changed');
    });
    return this.signInAfterLink(user.id);
  }

  private async signInAfterLink(userId: string): Promise<LoginResponse> {
    const user: UserEntity | null = await this.users.findById(userId);
    if (!user || user.erasedAt)
      throw new ApiException(ErrorCode.InvalidLinkToken, undefined, [{ field: 'token', message: 'is not valid any more' }]);
    if (user.disabledAt) throw new ApiException(ErrorCode.AccountDisabled);
    await this.users.recordLogin(user.id);
    return this.tokens.issue(user);
  }
}
