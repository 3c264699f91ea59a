import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isRetryableDatabaseError } from '@app/persistence';
import { ApiException, FieldError } from './api.exception';
import { describeError, ErrorCode } from './error-code';
import { RouteTable } from '../http/route-table';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance: string;
  requestId?: string;
  errors?: FieldError[];
}

/** What a 503 for a busy database asks the client to wait: a lock or deadlock passes in moments. */
const RETRY_AFTER_SECONDS = 1;

/** Errors raised by body-parser before a route runs; they carry `type` and `status`. */
interface BodyParserError {
  type?: string;
  status?: number;
}

/**
 * Turns every error into RFC 9457 problem+json. Expected refusals keep their
 * code; anything unexpected is a 500 whose cause is logged, never a disguised 4xx.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  constructor(private readonly routes: RouteTable) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.reply(exception, http.getRequest<Request>(), http.getResponse<Response>());
  }

  /** Answers `exception` as problem+json; also called by Express middleware mounted beside Nest's routes (the queue dashboard). */
  reply(exception: unknown, request: Request, response: Response): void {
    const { problem, headers } = this.toProblem(exception, request);
    if (response.headersSent) return;
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown, request: Request): { problem: ProblemDetails; headers: Record<string, string> } {
    const instance = request.originalUrl?.split('?')[0] ?? request.url;
    const requestId = typeof request.id === 'string' ? request.id : undefined;
    const build = (code: ErrorCode, detail?: string, errors?: readonly FieldError[]): ProblemDetails => {
      const { status, title } = describeError(code);
      return {
        type: `/problems/${code}`,
        title,
        status,
        detail: detail ?? title,
        code,
        instance,
        ...(requestId ? { requestId } : {}),
        ...(errors && errors.length > 0 ? { errors: [...errors] } : {}),
      };
    };

    if (exception instanceof ApiException) {
      return {
        problem: { ...exception.extensions, ...build(exception.code, exception.detail, exception.errors) },
        headers: { ...exception.headers },
      };
    }

    // Nest wraps body-parser's errors in a BadRequestException whose cause keeps the parser's `type`.
    const parserError = (exception instanceof HttpException ? exception.cause : exception) as BodyParserError | undefined;
    if (parserError && typeof parserError === 'object' && typeof parserError.type === 'string') {
      switch (parserError.type) {
        case 'entity.parse.failed':
          return {
            problem: build(ErrorCode.MalformedJson, 'The body could not be parsed as JSON', [
              { field: 'body', message: 'is not valid JSON' },
            ]),
            headers: {},
          };
        case 'entity.too.large':
          return { problem: build(ErrorCode.PayloadTooLarge, undefined, [{ field: 'body', message: 'is too large' }]), headers: {} };
        case 'encoding.unsupported':
        case 'charset.unsupported':
          return {
            problem: build(ErrorCode.UnsupportedMediaType, 'The body must be UTF-8 JSON', [
              { field: 'body', message: 'has an unsupported encoding' },
            ]),
            headers: {},
          };
      }
    }

    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 404) {
        const allowed = this.routes.allowedMethods(instance);
        if (allowed.length > 0) {
          return {
            problem: build(ErrorCode.MethodNotAllowed, `${request.method} is not allowed here; use ${allowed.join(', ')}`),
            headers: { Allow: allowed.join(', ') },
          };
        }
        return { problem: build(ErrorCode.RouteNotFound, `No endpoint ${request.method} ${instance}`), headers: {} };
      }
      if (status === 400) return { problem: build(ErrorCode.ValidationFailed, exception.message), headers: {} };
      if (status === 401) return { problem: build(ErrorCode.Unauthorized), headers: {} };
      if (status === 403) return { problem: build(ErrorCode.Forbidden), headers: {} };
      if (status === 413) return { problem: build(ErrorCode.PayloadTooLarge), headers: {} };
      if (status === 415) return { problem: build(ErrorCode.UnsupportedMediaType), headers: {} };
    }

    if (isRetryableDatabaseError(exception)) {
      // Nothing was written (the transaction rolled back); the client may repeat the request as it was.
      const driverCode = (exception as { driverError?: { code?: string } }).driverError?.code ?? 'pool';
      this.logger.warn({ requestId, method: request.method, path: instance, sqlState: driverCode }, 'Database busy: answered 503');
      return { problem: build(ErrorCode.DatabaseBusy), headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } };
    }

    // Only the error's name, message and stack: an error object can hold request data (bodies, query values).
    const error = exception instanceof Error ? exception : new Error(String(exception));
    this.logger.error(
      { requestId, method: request.method, path: instance, error: { name: error.name, message: error.message } },
      error.stack,
    );
    return { problem: build(ErrorCode.InternalError), headers: {} };
  }
}
