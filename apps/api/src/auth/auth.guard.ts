import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { Role, UsersRepository } from '@app/persistence';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

interface AccessTokenClaims {
  sub: string;
}

/**
 * Global guard: every route needs a valid bearer token unless marked @Public().
 * The account is reloaded, so a changed role or an erased account takes effect at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<Request>();
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(request.headers.authorization ?? '');
    if (!match) throw new ApiException(ErrorCode.Unauthorized, 'Send an access token as "Authorization: Bearer <token>"');

    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims & object>(match[1]);
    } catch {
      throw new ApiException(ErrorCode.Unauthorized, 'The access token is invalid or has expired');
    }
    const user = typeof claims.sub === 'string' ? await this.users.findById(claims.sub) : null;
    if (!user || user.erasedAt) throw new ApiException(ErrorCode.Unauthorized, 'The access token is invalid or has expired');
    request.actor = { id: user.id, role: user.role, academyId: user.academyId, timeZone: user.timeZone, displayName: user.displayName };

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(user.role)) throw new ApiException(ErrorCode.Forbidden, `This requires the role ${roles.join(' or ')}`);
    return true;
  }
}
