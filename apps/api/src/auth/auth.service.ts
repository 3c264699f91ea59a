import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SignInsRepository, UserEntity, UsersRepository } from '@app/persistence';
import { Clock } from '../common/clock';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';
import { RequestThrottle } from '../common/throttle/request-throttle.service';
import { AccountLinks } from './account-links.service';
import { Actor } from './actor';
import { ClientInfo } from './client-info';
import { LoginDto, LoginResponse } from './dto/login.dto';
import { LoginRateLimiter } from './login-rate-limiter.service';
import { PasswordHasher } from '@app/security';
import { SignInTokens } from './sign-in-tokens.service';

/** A sign-in this recent counts as proof of identity for erasing the account. */
export const RECENT_SIGN_IN_SECONDS = 10 * 60;

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

  /**
   * By password, only once the address is confirmed: a password set before
   * that may be someone else's, who registered the address first (it is
   * cleared when the owner confirms). The refusal comes only after the right
   * password, so it tells a guesser nothing.
   */
  async login(dto: LoginDto, client: ClientInfo): Promise<LoginResponse> {
    await this.rateLimiter.assertAllowed(dto.email, client.address);
    const user = await this.users.findForLogin(dto.email);
    const valid = await this.hasher.verify(user?.passwordHash, dto.password);
    if (!user || !valid || user.erasedAt) {
      await this.rateLimiter.recordFailure(dto.email, client.address);
      throw new ApiException(ErrorCode.InvalidCredentials);
    }
    await this.rateLimiter.recordSuccess(dto.email, client.address);
    if (user.disabledAt) throw new ApiException(ErrorCode.AccountDisabled);
    if (!user.emailVerifiedAt) {
      throw new ApiException(
        ErrorCode.EmailNotVerified,
        'Confirm your email address with the link we sent you (or sign in by link) before signing in with a password',
      );
    }
    await this.users.recordLogin(user.id);
    return this.tokens.issue(user, client);
  }

  refresh(refreshToken: string, client: ClientInfo): Promise<LoginResponse> {
    return this.tokens.refresh(refreshToken, client, (id) => this.users.findById(id));
  }

  /** Ends this device's sign-in: its access token stops working now, its refresh token too. */
  async logout(actor: Actor): Promise<void> {
    if (actor.signInId) await this.signIns.end(actor.id, actor.signInId, 'sign_out');
  }

  /** Every sign-in, every open link and the calendar feed's URL end together. */
  async logoutEverywhere(actor: Actor): Promise<void> {
    await this.signIns.transaction((manager) => this.signIns.endEverywhere(manager, actor.id, 'sign_out_everywhere'));
  }

  /** Mails a reset link if the address has a live account that is not waiting for its invitation; the answer is the same either way. */
  async requestPasswordReset(email: string, clientAddress: string): Promise<void> {
    await this.throttle.consume('link-address', clientAddress);
    await this.throttle.consume('link-email', email);
    const user = await this.users.findLiveByEmail(email);
    if (!user || user.disabledAt || (await this.links.invitationPending(user.id))) return;
    await this.links.transaction((manager) => this.links.send(manager, user.id, 'password_reset', 'password_reset'));
  }

  /** Sets the new password and ends every sign-in and every other open link of the account (whoever else held them). */
  async confirmPasswordReset(token: string, password: string): Promise<void> {
    await this.links.assertOpen(token, 'password_reset');
    const passwordHash = await this.hasher.hash(password);
    await this.links.transaction(async (manager) => {
      const userId = await this.links.consume(manager, token, 'password_reset');
      await this.links.assertNotInvitedOnly(manager, userId);
      await this.users.setPassword(manager, userId, passwordHash);
      await this.users.markEmailVerified(manager, userId, this.clock.now());
      await this.signIns.endEverywhere(manager, userId, 'password_reset');
    });
  }

  async requestSignInLink(email: string, clientAddress: string): Promise<void> {
    await this.throttle.consume('link-address', clientAddress);
    await this.throttle.consume('link-email', email);
    const user = await this.users.findLiveByEmail(email);
    if (!user || user.disabledAt || (await this.links.invitationPending(user.id))) return;
    await this.links.transaction((manager) => this.links.send(manager, user.id, 'sign_in', 'sign_in_link'));
  }

  /** Signs in and confirms the address; the first time, whatever was set up before it was confirmed is undone. */
  async consumeSignInLink(token: string, client: ClientInfo): Promise<LoginResponse> {
    const userId = await this.links.transaction(async (manager) => {
      const id = await this.links.consume(manager, token, 'sign_in');
      await this.links.assertNotInvitedOnly(manager, id);
      await this.confirmAddress(manager, id);
      return id;
    });
    return this.signInAfterLink(userId, client);
  }

  /** The invitee chooses their password and is signed in. */
  async acceptInvitation(token: string, password: string, client: ClientInfo): Promise<LoginResponse> {
    await this.links.assertOpen(token, 'invitation');
    const passwordHash = await this.hasher.hash(password);
    const userId = await this.links.transaction(async (manager) => {
      const id = await this.links.consume(manager, token, 'invitation');
      await this.users.setPassword(manager, id, passwordHash);
      await this.users.markEmailVerified(manager, id, this.clock.now());
      return id;
    });
    return this.signInAfterLink(userId, client);
  }

  /**
   * Confirms the address. The first time, a password set before stops
   * working and every sign-in ends; `password`, if given, is the one chosen
   * now by whoever holds the link (then every sign-in ends too, as on a reset).
   */
  async verifyEmail(token: string, password: string | undefined): Promise<void> {
    if (password !== undefined) await this.links.assertOpen(token, 'email_verification');
    const passwordHash = password === undefined ? undefined : await this.hasher.hash(password);
    await this.links.transaction(async (manager) => {
      const userId = await this.links.consume(manager, token, 'email_verification');
      const first = await this.confirmAddress(manager, userId);
      if (passwordHash) {
        await this.users.setPassword(manager, userId, passwordHash);
        if (!first) await this.signIns.endEverywhere(manager, userId, 'password_reset');
      }
    });
  }

  async resendVerification(actor: Actor): Promise<void> {
    await this.throttle.consume('link-email', actor.id);
    const user = await this.users.findById(actor.id);
    if (!user || user.emailVerifiedAt) return;
    await this.links.transaction((manager) => this.links.send(manager, user.id, 'email_verification', 'email_verification'));
  }

  /** With the current password; every other sign-in and every open link end, and this device gets a new pair. */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string, client: ClientInfo): Promise<LoginResponse> {
    const user = await this.users.findWithPasswordById(actor.id);
    if (!user) throw new ApiException(ErrorCode.Unauthorized);
    await this.assertPassword(user, currentPassword, client.address, 'currentPassword');
    const passwordHash = await this.hasher.hash(newPassword);
    await this.signIns.transaction(async (manager) => {
      await this.users.setPassword(manager, user.id, passwordHash);
      await this.signIns.endEverywhere(manager, user.id, 'password_changed');
    });
    return this.signInAfterLink(user.id, client);
  }

  /**
   * Before an act that cannot be undone (erasing the account): the person
   * signed in within the last 10 minutes (by password, link or invitation),
   * or gives their password now. Otherwise 403 `recent_sign_in_required`.
   */
  async assertRecentlyIdentified(actor: Actor, password: string | undefined, clientAddress: string): Promise<void> {
    if (password !== undefined) {
      const user = await this.users.findWithPasswordById(actor.id);
      if (!user) throw new ApiException(ErrorCode.Unauthorized);
      return this.assertPassword(user, password, clientAddress, 'password');
    }
    if (actor.signInId && (await this.signIns.begunWithin(actor.id, actor.signInId, RECENT_SIGN_IN_SECONDS))) return;
    throw new ApiException(
      ErrorCode.RecentSignInRequired,
      'Send your password as {"password": "…"}, or sign in again (by password or by link) and erase within 10 minutes',
    );
  }

  private async assertPassword(user: UserEntity, password: string, clientAddress: string, field: string): Promise<void> {
    await this.rateLimiter.assertAllowed(user.email, clientAddress);
    if (!(await this.hasher.verify(user.passwordHash, password))) {
      await this.rateLimiter.recordFailure(user.email, clientAddress);
      throw new ApiException(ErrorCode.WrongPassword, undefined, [{ field, message: 'is not your current password' }]);
    }
  }

  /**
   * Marks the address confirmed. The first time, a password set before is
   * cleared and every sign-in, link and feed URL ends: until now anyone could
   * have registered this address, and must keep nothing of it.
   */
  private async confirmAddress(manager: EntityManager, userId: string): Promise<boolean> {
    const first = await this.users.markEmailVerified(manager, userId, this.clock.now());
    if (first) {
      await this.users.clearPassword(manager, userId);
      await this.signIns.endEverywhere(manager, userId, 'email_verified');
    }
    return first;
  }

  private async signInAfterLink(userId: string, client: ClientInfo): Promise<LoginResponse> {
    const user: UserEntity | null = await this.users.findById(userId);
    if (!user || user.erasedAt)
      throw new ApiException(ErrorCode.InvalidLinkToken, undefined, [{ field: 'token', message: 'is not valid any more' }]);
    if (user.disabledAt) throw new ApiException(ErrorCode.AccountDisabled);
    await this.users.recordLogin(user.id);
    return this.tokens.issue(user, client);
  }
}
