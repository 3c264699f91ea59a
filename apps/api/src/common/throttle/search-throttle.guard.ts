import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { RequestThrottle } from './request-throttle.service';

/**
 * Slot searches and matching compute schedules: each caller may run
 * SEARCH_MAX_PER_MINUTE of them a minute, and each client address five times
 * that. Runs after the global auth guard, so the caller is known.
 */
@Injectable()
export class SearchThrottleGuard implements CanActivate {
  constructor(private readonly throttle: RequestThrottle) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    if (request.actor) await this.throttle.consume('search-account', request.actor.id);
    await this.throttle.consume('search-address', request.ip ?? 'unknown');
    return true;
  }
}
