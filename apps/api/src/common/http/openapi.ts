import { type Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ApiExtension, type OpenAPIObject } from '@nestjs/swagger';
import { PUBLIC_KEY, ROLES_KEY } from '../../auth/roles.decorator';
import { describeError, ErrorCode } from '../errors/error-code';
import { ParseLocalDatePipe } from './parse-local-date.pipe';
import { ParseUuidPipe } from './parse-uuid.pipe';

const PROBLEMS_EXTENSION = 'x-problem-codes';

/**
 * The refusals an operation makes beyond the ones every operation of its
 * kind makes (bad input, no token, a role that may not call it, an unknown
 * id in the path), which `describeErrorAnswers` adds by itself.
 */
export const ApiProblems = (...codes: ErrorCode[]) => ApiExtension(PROBLEMS_EXTENSION, codes);

type SchemaObject = Record<string, unknown>;
interface OperationObject {
  operationId?: string;
  parameters?: Array<{ name: string; in: string; schema?: SchemaObject }>;
  requestBody?: unknown;
  security?: Array<Record<string, string[]>>;
  responses: Record<string, { description: string; content?: Record<string, { schema: SchemaObject }> }>;
  [extension: `x-${string}`]: unknown;
}

interface RouteArgument {
  data?: unknown;
  pipes?: unknown[];
}

const problemSchema = (codes: readonly ErrorCode[]): SchemaObject => ({
  allOf: [
    { $ref: '#/components/schemas/ProblemDetails' },
    { type: 'object', required: ['code'], properties: { code: { type: 'string', enum: [...codes] } } },
  ],
});

/** Adds the problem+json schema, and to each operation its error answers, grouped by status, each naming its codes. */
export function describeErrorAnswers(document: OpenAPIObject, controllers: readonly Type[]): void {
  document.components ??= {};
  document.components.schemas = {
    ...document.components.schemas,
    FieldError: {
      type: 'object',
      required: ['field', 'message'],
      properties: { field: { type: 'string', example: 'weekly.0.start' }, message: { type: 'string', example: 'must be a time as HH:mm' } },
    },
    ProblemDetails: {
      type: 'object',
      description: 'RFC 9457 problem details. Clients branch on `code`, which never changes meaning.',
      required: ['type', 'title', 'status', 'detail', 'code', 'instance'],
      properties: {
        type: { type: 'string', example: '/problems/validation_failed' },
        title: { type: 'string' },
        status: { type: 'integer', minimum: 400, maximum: 599 },
        detail: { type: 'string' },
        code: { type: 'string', enum: Object.values(ErrorCode) },
        instance: { type: 'string', example: '/v1/sessions' },
        requestId: { type: 'string', description: 'The X-Request-Id of the request.' },
        errors: {
          type: 'array',
          items: { $ref: '#/components/schemas/FieldError' },
          description: 'For bad input: each field, as a dotted path, with what is wrong.',
        },
        futureSessions: {
          type: 'array',
          items: { $ref: '#/components/schemas/FutureSessionSummary' },
          description: 'With `future_sessions_pending`: the coach’s future sessions, to cancel or keep.',
        },
      },
    },
  };

  const handlers = new Map<string, { controller: Type; method: string }>();
  for (const controller of controllers) {
    for (const method of Object.getOwnPropertyNames(controller.prototype))
      handlers.set(`${controller.name}_${method}`, { controller, method });
  }

  for (const [path, methods] of Object.entries(document.paths)) {
    for (const operation of Object.values(methods as Record<string, OperationObject>)) {
      if (!operation?.responses) continue;
      const handler = handlers.get(operation.operationId ?? '');
      const codes = new Set<ErrorCode>((operation[PROBLEMS_EXTENSION] as ErrorCode[] | undefined) ?? []);
      delete operation[PROBLEMS_EXTENSION];
      const parameters = operation.parameters ?? [];

      if (handler) {
        const fn = handler.controller.prototype[handler.method] as object;
        const metadata = <T>(key: string) =>
          (Reflect.getMetadata(key, fn) ?? Reflect.getMetadata(key, handler.controller)) as T | undefined;
        if (!metadata<boolean>(PUBLIC_KEY)) {
          codes.add(ErrorCode.Unauthorized);
          if (!operation.security?.length) operation.security = [{ bearer: [] }];
        }
        if (metadata<string[]>(ROLES_KEY)) codes.add(ErrorCode.Forbidden);
        // Path parameters get the format their pipe enforces.
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, handler.controller, handler.method) ?? {}) as Record<string, RouteArgument>;
        for (const arg of Object.values(args)) {
          const parameter = parameters.find((p) => p.in === 'path' && p.name === arg.data);
          if (!parameter) continue;
          if (arg.pipes?.includes(ParseUuidPipe)) parameter.schema = { ...parameter.schema, type: 'string', format: 'uuid' };
          if (arg.pipes?.includes(ParseLocalDatePipe)) parameter.schema = { ...parameter.schema, type: 'string', format: 'date' };
        }
      }
      if (parameters.length > 0 || operation.requestBody) codes.add(ErrorCode.ValidationFailed);
      if (operation.requestBody)
        [ErrorCode.MalformedJson, ErrorCode.PayloadTooLarge, ErrorCode.UnsupportedMediaType].forEach((c) => codes.add(c));
      if (parameters.some((p) => p.in === 'path')) codes.add(ErrorCode.NotFound);
      // Every API operation reads the database: a deadlock, lock timeout or full pool answers a retryable 503.
      if (path.startsWith('/v1/')) codes.add(ErrorCode.DatabaseBusy);
      codes.add(ErrorCode.InternalError);

      const byStatus = new Map<number, ErrorCode[]>();
      for (const code of codes) {
        const { status } = describeError(code);
        byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
      }
      for (const [status, statusCodes] of [...byStatus].sort(([a], [b]) => a - b)) {
        operation.responses[String(status)] = {
          description: statusCodes.map((code) => `\`${code}\`: ${describeError(code).title}`).join('; '),
          content: { 'application/problem+json': { schema: problemSchema(statusCodes) } },
        };
      }
    }
  }
}
