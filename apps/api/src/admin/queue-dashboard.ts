import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { INestApplication } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { JwtService } from '@nestjs/jwt';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { UserEntity, UsersRepository } from '@app/persistence';
import { ALL_QUEUE_NAMES } from '@app/queue';
import { LoginRateLimiter } from '../auth/login-rate-limiter.service';
import { PasswordHasher } from '../auth/password-hasher';
import { ApiException } from '../common/errors/api.exception';
import { describeError, ErrorCode } from '../common/errors/error-code';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';
const ALLOWED_ROLES = new Set(['admin', 'coordinator']);

/**
 * bull-board at /admin/queues, for admins and coordinators, read-only: jobs
 * carry ids only, and retrying or removing them is left to the worker's own
 * rules. A browser signs in with the account's email and password (HTTP Basic,
 * over HTTPS in production, counted by the login rate limiter); a client may
 * send its bearer token instead.
 */
export function mountQueueDashboard(app: INestApplication): void {
  const board = new ExpressAdapter();
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: ALL_QUEUE_NAMES.map((name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name)), { readOnlyMode: true })),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Coaching queues' } },
  });
  const access = new DashboardAccess(app.get(JwtService), app.get(UsersRepository), app.get(PasswordHasher), app.get(LoginRateLimiter));
  app.use(QUEUE_DASHBOARD_PATH, (request: Request, response: Response, next: NextFunction) => {
    access.check(request).then(
      () => next(),
      (error: unknown) => refuse(request, response, error),
    );
  });
  app.use(QUEUE_DASHBOARD_PATH, board.getRouter());
}

class DashboardAccess {
  constructor(
    private readonly jwt: JwtService,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly limiter: LoginRateLimiter,
  ) {}

  async check(request: Request): Promise<void> {
    const header = request.headers.authorization ?? '';
    let user: UserEntity | null = null;
    const bearer = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
    const basic = /^Basic ([A-Za-z0-9+/]+=*)$/.exec(header);
    if (bearer) {
      const claims = await this.jwt.verifyAsync<{ sub?: unknown }>(bearer[1]).catch(() => null);
      user = typeof claims?.sub === 'string' ? await this.users.findById(claims.sub) : null;
    } else if (basic) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const email = colon > 0 ? decoded.slice(0, colon) : '';
      if (email.length > 254) throw new ApiException(ErrorCode.InvalidCredentials);
      await this.limiter.consume(email, request.ip ?? 'unknown');
      const found = email ? await this.users.findForLogin(email) : null;
      user = (await this.hasher.verify(found?.passwordHash, decoded.slice(colon + 1))) ? found : null;
    }
    if (!user || user.erasedAt) throw new ApiException(ErrorCode.Unauthorized, 'Sign in with the email and password of an admin or coordinator account');
    if (!ALLOWED_ROLES.has(user.role)) throw new ApiException(ErrorCode.Forbidden, 'The queue dashboard is for admins and coordinators');
  }
}

function refuse(request: Request, response: Response, error: unknown): void {
  const exception = error instanceof ApiException ? error : new ApiException(ErrorCode.InternalError);
  const { status, title } = describeError(exception.code);
  if (status === 401) response.setHeader('WWW-Authenticate', 'Basic realm="Queue dashboard", charset="UTF-8"');
  for (const [name, value] of Object.entries(exception.headers ?? {})) response.setHeader(name, value);
  response
    .status(status)
    .type('application/problem+json')
    .send(
      JSON.stringify({
        type: `/problems/${exception.code}`,
        title,
        status,
        detail: exception.detail ?? title,
        code: exception.code,
        instance: request.originalUrl.split('?')[0],
        ...(typeof request.id === 'string' ? { requestId: request.id } : {}),
      }),
    );
}
