import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { AppConfig } from '@app/config';
import { Metrics } from '@app/logging';
import { ALL_QUEUE_NAMES } from './job-contract';
import { usePostgresQueueBackend } from './postgres-backend';
import { QueueProducer } from './queue-producer.service';
import { REDIS_CLIENT } from './queue.tokens';

export type QueueRole = 'producer' | 'consumer';

/** The provider that registers the queue-depth gauge with Metrics. */
const QUEUE_GAUGE = Symbol('QUEUE_GAUGE');

/**
 * BullMQ connection and queues. On Redis, the producer side (API) fails fast
 * when Redis is unreachable instead of holding requests in ioredis' offline
 * queue, and the consumer side (worker) waits for Redis to return. Without
 * REDIS_URL, BullMQ runs on its PostgreSQL backend in the application's own
 * database (schema `bullmq`), and REDIS_CLIENT is null.
 */
@Module({})
export class QueueModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis | null) {}

  static forRoot(config: AppConfig, role: QueueRole): DynamicModule {
    const failFast = role === 'producer';
    const redisUrl = config.redisUrl;
    if (!redisUrl) {
      // Process-wide, and before any queue is built: the queue classes ask for the default backend.
      usePostgresQueueBackend();
    }
    return {
      module: QueueModule,
      global: true,
      imports: [
        BullModule.forRoot({
          prefix: config.queuePrefix,
          connection: redisUrl
            ? { url: redisUrl, enableOfflineQueue: !failFast, ...(failFast ? { maxRetriesPerRequest: 1 } : { maxRetriesPerRequest: null }) }
            : // The bullmq schema is created and migrated by BullMQ itself on first use.
              ({ connectionString: config.databaseUrl, schema: 'bullmq', migrate: true, max: 4 } as never),
        }),
        BullModule.registerQueue(...ALL_QUEUE_NAMES.map((name) => ({ name }))),
      ],
      providers: [
        QueueProducer,
        // Both apps report the depth of every queue, read from BullMQ when scraped.
        {
          provide: QUEUE_GAUGE,
          inject: [Metrics, ...ALL_QUEUE_NAMES.map((name) => getQueueToken(name))],
          useFactory: (metrics: Metrics, ...queues: Queue[]) =>
            metrics.gaugeReadAtScrape('coaching_queue_jobs', 'BullMQ jobs by queue and state', ['queue', 'state'], async () => {
              const samples = [];
              for (const queue of queues) {
                const counts = await queue.getJobCounts('waiting', 'delayed', 'active', 'failed', 'completed');
                for (const [state, value] of Object.entries(counts)) samples.push({ labels: { queue: queue.name, state }, value });
              }
              return samples;
            }),
        },
        {
          provide: REDIS_CLIENT,
          useFactory: () =>
            redisUrl
              ? new Redis(redisUrl, {
                  enableOfflineQueue: !failFast,
                  maxRetriesPerRequest: 1,
                  lazyConnect: false,
                  connectionName: `coaching-${role}`,
                })
              : null,
        },
      ],
      exports: [BullModule, QueueProducer, REDIS_CLIENT],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis?.disconnect();
  }
}
