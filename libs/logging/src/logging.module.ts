import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import { type AppConfig } from '@app/config';
import { Metrics } from './metrics';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Structured JSON logs. A request is logged by id, method, path, status and
 * actor id only: no bodies, no query strings, no headers, so no personal data.
 */
/** A calendar feed's URL is its secret: the path is logged without it. */
export function redactPath(path: string): string {
  return path.replace(/^(\/v1\/calendar-feeds\/)[^/]*/, '$1[secret]');
}

/** Global: every module may count into the process's one Metrics. */
@Global()
@Module({})
export class LoggingModule {
  /** `destination` defaults to standard output; tests pass a stream to read what was logged. */
  static forRoot(config: AppConfig, service: 'api' | 'worker', destination?: Writable): DynamicModule {
    const options: Options = {
      level: config.logLevel,
      base: { service },
      autoLogging: service === 'api',
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: redactPath(req.url.split('?')[0]),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customProps: (req: IncomingMessage) => {
        const actor = (req as IncomingMessage & { actor?: { id: string } }).actor;
        return actor ? { actorId: actor.id } : {};
      },
    };
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot({ pinoHttp: destination ? [options, destination] : options })],
      providers: [{ provide: Metrics, useFactory: () => new Metrics() }],
      exports: [Metrics],
    };
  }
}
