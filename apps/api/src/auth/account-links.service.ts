import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { hashToken, LINK_LIFETIME_SECONDS, LinkPurpose, LinkTokens } from '@app/notifications';
import { AccountMailKind, AccountTokensRepository } from '@app/persistence';
import { Clock } from '../common/clock';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';

const invalidLink = () =>
  new ApiException(ErrorCode.InvalidLinkToken, undefined, [
    { field: 'token', message: 'is not valid any more: used, replaced or expired' },
  ]);

/** A derived token is 32 bytes, base64url: 43 characters. Anything else is not one of ours. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Links mailed to people: makes the token row and its mail together, inside
 * the caller's transaction (so the mail goes out only if the change that
 * asked for it commits), and consumes tokens once.
 */
@Injectable()
export class AccountLinks {
  constructor(
    private readonly accountTokens: AccountTokensRepository,
    private readonly clock: Clock,
    private readonly tokens: LinkTokens,
  ) {}

  /** A new link for `purpose`, replacing any open one, and the mail that carries it. */
  async send(manager: EntityManager, userId: string, purpose: LinkPurpose, mail: AccountMailKind): Promise<void> {
    const id = randomUUID();
    const nonce = LinkTokens.newNonce();
    const tokenHash = hashToken(this.tokens.derive(id, purpose, nonce));
    const expiresAt = new Date(this.clock.now().getTime() + LINK_LIFETIME_SECONDS[purpose] * 1000);
    await this.accountTokens.issue(manager, { id, userId, purpose, nonce, tokenHash, expiresAt });
    await this.accountTokens.addMail(manager, userId, mail, id);
  }

  /** The account a token belongs to, spending the token; a 400 naming `token` if it is unknown, used, replaced or expired. */
  async consume(manager: EntityManager, token: string, purpose: LinkPurpose): Promise<string> {
    const found = TOKEN_SHAPE.test(token) ? await this.accountTokens.consume(manager, hashToken(token), purpose, this.clock.now()) : null;
    if (!found) throw invalidLink();
    return found.userId;
  }

  /**
   * Refuses a token that would not be accepted, before the caller does costly
   * work (an argon2 hash of the new password) for it; `consume` still decides.
   */
  async assertOpen(token: string, purpose: LinkPurpose): Promise<void> {
    if (!TOKEN_SHAPE.test(token) || !(await this.accountTokens.isOpen(hashToken(token), purpose, this.clock.now()))) throw invalidLink();
  }

  /** An invited account that has not accepted takes no sign-in or reset link: only its invitation opens it. */
  invitationPending(userId: string, manager?: EntityManager): Promise<boolean> {
    return this.accountTokens.invitationPending(userId, manager);
  }

  /** Refuses a sign-in or reset link of an account whose invitation is pending or was withdrawn. */
  async assertNotInvitedOnly(manager: EntityManager, userId: string): Promise<void> {
    if (await this.accountTokens.invitationPending(userId, manager)) throw invalidLink();
  }

  revokeOpen(manager: EntityManager, userId: string, purpose: LinkPurpose): Promise<number> {
    return this.accountTokens.revokeOpen(manager, userId, purpose);
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.accountTokens.transaction(work);
  }
}
