import type { Writable } from 'node:stream';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { type AppConfig } from '@app/config';
import { assertSchemaIsCurrent } from '@app/persistence';
import { mountQueueDashboard } from './admin/queue-dashboard';
import { API_CONTROLLERS, ApiModule } from './api.module';
import { type Clock } from './common/clock';
import { describeErrorAnswers } from './common/http/openapi';
import { RouteTable } from './common/http/route-table';
import { applySecurityHeaders } from './common/http/security-headers';
import { serveWebApp } from './web/web-app';

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/**
 * Builds the HTTP application: used by `main.ts` and by the end-to-end tests,
 * so both run exactly the same pipeline.
 */
export interface ApiAppOptions {
  /** Where logs go; standard output unless a test reads them. */
  logDestination?: Writable;
  /** The clock the API reads "now" from; tests pin it. */
  clock?: Clock;
  /** The built web app to serve at `/`; default dist/web when it exists, null for none. */
  webDirectory?: string | null;
}

export async function createApiApp(config: AppConfig, options: ApiAppOptions = {}): Promise<NestExpressApplication> {
  await assertSchemaIsCurrent(config.databaseUrl);
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config, options.logDestination, options.clock), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  applySecurityHeaders(app, config);
  // The client address the limiters count: the socket's peer, unless TRUST_PROXY names the proxies in front.
  // Trusting X-Forwarded-For without a proxy would let any client choose its address.
  app.set(
    'trust proxy',
    config.trustProxy === false ? false : Array.isArray(config.trustProxy) ? [...config.trustProxy] : config.trustProxy,
  );
  app.useBodyParser('json', { limit: '100kb', type: ['application/json', 'application/*+json'] });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Coaching across continents API')
      .setDescription(
        'Scheduling online coaching sessions between volunteer coaches and newcomers. Errors are RFC 9457 problem+json with a stable `code`.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  describeErrorAnswers(document, API_CONTROLLERS);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
  mountQueueDashboard(app);
  // The newcomers' web app, when it has been built (npm run build:web); its client routes never shadow the API's.
  serveWebApp(app, options.webDirectory);

  await app.init();

  const routes = app.get(RouteTable);
  const router = app.getHttpAdapter().getInstance().router as { stack: ExpressLayer[] };
  for (const layer of router.stack) {
    if (!layer.route) continue;
    for (const method of Object.keys(layer.route.methods)) {
      if (method !== '_all') routes.register(method, layer.route.path);
    }
  }
  return app;
}
