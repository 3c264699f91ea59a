import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ApiException } from '../errors/api.exception';
import { ErrorCode } from '../errors/error-code';

/** A request that carries a body must say it is JSON; anything else would reach the handlers as no body at all. */
@Injectable()
export class JsonOnlyMiddleware implements NestMiddleware {
  use(request: Request, _response: Response, next: NextFunction): void {
    const length = Number(request.headers['content-length'] ?? 0);
    const hasBody = length > 0 || request.headers['transfer-encoding'] !== undefined;
    if (hasBody && !request.is(['application/json', 'application/*+json'])) {
      next(ApiException.field(ErrorCode.UnsupportedMediaType, 'body', 'must be sent as application/json'));
      return;
    }
    next();
  }
}
