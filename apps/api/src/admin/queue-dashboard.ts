import { createHash } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { type INestApplication } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { type UserEntity, UsersRepository } from '@app/persistence';
import { ALL_QUEUE_NAMES } from '@app/queue';
import { LoginRateLimiter } from '../auth/login-rate-limiter.service';
import { PasswordHasher } from '@app/security';
import { SignInTokens } from '../auth/sign-in-tokens.service';
import { ApiException } from '../common/errors/api.exception';
import { describeError, ErrorCode } from '../common/errors/error-code';
import { ProblemDetailsFilter } from '../common/errors/problem-details.filter';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';
/** Admins only: the queues hold both academies' jobs, and a welcome job's id names the account. */
const ALLOWED_ROLES = new Set(['admin']);

/**
 * bull-board at /admin/queues, for admins, read-only: jobs
 * carry ids only, and retrying or removing them is left to the worker's own
 * rules. A browser signs in with the account's email and password (HTTP Basic,
 * over HTTPS in production, counted by the login rate limiter); a client may
 * send its bearer token instead.
 *
 * A browser resends Basic credentials with every asset and every poll of the
 * board (every few seconds). A verified pair is therefore remembered for a
 * few minutes, as long as the account keeps that password hash: only new
 * pairs cost an argon2 verification, and failures count against the login
 * limits, which sign-in to the API shares.
 *
 * A bearer token is checked exactly as the API's guard checks it (token
 * version, sign-out, disabled or erased account); a remembered Basic pair is
 * dropped as soon as the account is disabled or its token version changes.
 */
export function mountQueueDashboard(app: INestApplication): void {
  const board = new ExpressAdapter();
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: ALL_QUEUE_NAMES.map((name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name)), { readOnlyMode: true })),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Coaching queues' } },
  });
  const access = new DashboardAccess(app.get(SignInTokens), app.get(UsersRepository), app.get(PasswordHasher), app.get(LoginRateLimiter));
  const problems = app.get(ProblemDetailsFilter);
  app.use(QUEUE_DASHBOARD_PATH, (request: Request, response: Response, next: NextFunction) => {
    access.check(request).then(
      () => next(),
      (error: unknown) => {
        // A browser asks for the email and password when told so; the answer itself is the API's problem+json.
        if (error instanceof ApiException && describeError(error.code).status === 401) {
          response.setHeader('WWW-Authenticate', 'Basic realm="Queue dashboard", charset="UTF-8"');
        }
        problems.reply(error, request, response);
      },
    );
  });
  app.use(QUEUE_DASHBOARD_PATH, board.getRouter());
}

/** How long a verified Basic pair is trusted without another argon2 verification. */
const VERIFIED_FOR_MS = 5 * 60_000;
const MAX_REMEMBERED = 1_000;

class DashboardAccess {
  /** sha256 of the Authorization header → the account it proved, and the hash it was checked against. */
  private readonly verified = new Map<string, { userId: string; passwordHash: string; tokenVersion: number; until: number }>();

  constructor(
    private readonly tokens: SignInTokens,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly limiter: LoginRateLimiter,
  ) {}

  async check(request: Request): Promise<void> {
    const header = request.headers.authorization ?? '';
    let user: Pick<UserEntity, 'role'> | null = null;
    const basic = /^Basic ([A-Za-z0-9+/]+=*)$/.exec(header);
    if (header.startsWith('Bearer ')) {
      user = await this.tokens.verify(header);
    } else if (basic) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const email = colon > 0 ? decoded.slice(0, colon) : '';
      if (email.length > 254) throw new ApiException(ErrorCode.InvalidCredentials);
      user = await this.verifyBasic(header, email, decoded.slice(colon + 1), request.ip ?? 'unknown');
    }
    if (!user) throw new ApiException(ErrorCode.Unauthorized, 'Sign in with the email and password of an admin account');
    if (!ALLOWED_ROLES.has(user.role)) throw new ApiException(ErrorCode.Forbidden, 'The queue dashboard is for admins');
  }

  private async verifyBasic(header: string, email: string, password: string, address: string): Promise<UserEntity | null> {
    const key = createHash('sha256').update(header).digest('hex');
    const now = Date.now();
    const remembered = this.verified.get(key);
    if (remembered && remembered.until > now) {
      const found = await this.users.findForLogin(email);
      // The same account with the same password hash: a changed password or an erasure ends the trust.
      // The same account with the same password hash and token version, still enabled: a changed password,
      // a sign-out everywhere, disabling or erasure ends the trust.
      if (
        found?.passwordHash &&
        found.id === remembered.userId &&
        found.passwordHash === remembered.passwordHash &&
        found.tokenVersion === remembered.tokenVersion &&
        !found.disabledAt &&
        !found.erasedAt
      ) {
        return found;
      }
    }
    this.verified.delete(key);
    await this.limiter.assertAllowed(email, address);
    const found = email ? await this.users.findForLogin(email) : null;
    if (!(await this.hasher.verify(found?.passwordHash, password)) || !found?.passwordHash || found.erasedAt) {
      await this.limiter.recordFailure(email, address);
      return null;
    }
    await this.limiter.recordSuccess(email, address);
    if (found.disabledAt) throw new ApiException(ErrorCode.AccountDisabled);
    if (this.verified.size >= MAX_REMEMBERED) {
      for (const [k, v] of this.verified) if (v.until <= now) this.verified.delete(k);
      if (this.verified.size >= MAX_REMEMBERED) this.verified.delete(this.verified.keys().next().value!);
    }
    this.verified.set(key, {
      userId: found.id,
      passwordHash: found.passwordHash,
      tokenVersion: found.tokenVersion,
      until: now + VERIFIED_FOR_MS,
    });
    return found;
  }
}
