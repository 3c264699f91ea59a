import { createServer, Server } from 'node:http';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { carriesMetricsToken, Metrics } from '@app/logging';
import { REDIS_CLIENT } from '@app/queue';
import { WORKER_HEALTH_PORT } from '../worker.tokens';

/**
 * The worker's only HTTP surface: GET /metrics (Prometheus, for a scraper holding METRICS_TOKEN; not served
 * without one), and GET /health, 200 when PostgreSQL and Redis
 * answer, 503 otherwise. A plain node:http server, so the worker carries no web framework.
 */
@Injectable()
export class WorkerHealthServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHealthServer.name);
  private server?: Server;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS_CLIENT) private readonly redis: Redis | null,
    @Inject(WORKER_HEALTH_PORT) private readonly port: number | null,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.port === null) return;
    this.server = createServer((request, response) => {
      const path = request.url?.split('?')[0];
      const token = this.config.metricsToken;
      if (request.method === 'GET' && path === '/metrics' && token) {
        if (!carriesMetricsToken(request.headers.authorization, token)) {
          response
            .writeHead(401, { 'Content-Type': 'application/problem+json', 'WWW-Authenticate': 'Bearer realm="metrics"' })
            .end(
              JSON.stringify({ type: '/problems/unauthorized', title: 'Authentication is required', status: 401, code: 'unauthorized' }),
            );
          return;
        }
        void this.metrics.text().then(
          (text) => response.writeHead(200, { 'Content-Type': this.metrics.contentType }).end(text),
          () => response.writeHead(503).end(),
        );
        return;
      }
      if (request.method !== 'GET' || path !== '/health') {
        response
          .writeHead(404, { 'Content-Type': 'application/problem+json' })
          .end(JSON.stringify({ type: '/problems/route_not_found', title: 'No such endpoint', status: 404, code: 'route_not_found' }));
        return;
      }
      void this.check().then((report) => {
        response.writeHead(report.status === 'ok' ? 200 : 503, { 'Content-Type': 'application/json' }).end(JSON.stringify(report));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port!, resolve));
    this.logger.log({ port: this.port }, 'Worker health endpoint listening');
  }

  /** Where the endpoint listens (port 0 asks for a free one); null when it is off. */
  address(): ReturnType<Server['address']> {
    return this.server?.address() ?? null;
  }

  async check(): Promise<{ status: 'ok' | 'error'; details: Record<string, { status: 'up' | 'down' }> }> {
    const probe = async (run: () => Promise<unknown>): Promise<{ status: 'up' | 'down' }> => {
      try {
        await Promise.race([run(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1_000).unref())]);
        return { status: 'up' };
      } catch {
        return { status: 'down' };
      }
    };
    const redis = this.redis;
    const [database, redisHealth] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      redis ? probe(() => redis.ping()) : null,
    ]);
    // On the PostgreSQL backend the queue lives in the database: its health is the database's.
    const queue = redisHealth ?? database;
    return { status: database.status === 'up' && queue.status === 'up' ? 'ok' : 'error', details: { database, queue } };
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
