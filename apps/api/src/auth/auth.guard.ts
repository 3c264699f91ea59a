import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Role } from '@app/persistence';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';
import { SignInTokens } from './sign-in-tokens.service';

/**
 * Global guard: every route needs a valid bearer token unless marked @Public().
 * The account and its sign-in are reloaded, so a changed role, a disabled or
 * erased account, a new token version or a sign-out takes effect at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: SignInTokens,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<Request>();
    const actor = await this.tokens.verify(request.headers.authorization);
    request.actor = actor;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(actor.role)) throw new ApiException(ErrorCode.Forbidden, `This requires the role ${roles.join(' or ')}`);
    return true;
  }
}
