import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { Metrics } from '@app/logging';
import { ALL_QUEUE_NAMES } from './job-contract';
import { QueueProducer } from './queue-producer.service';
import { REDIS_CLIENT } from './queue.tokens';

export type QueueRole = 'producer' | 'consumer';

/**
 * BullMQ connection and queues. The producer side (API) fails fast when Redis
 * is unreachable instead of holding requests in ioredis' offline queue; the
 * consumer side (worker) waits for Redis to return.
 */
@Module({})
export class QueueModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  static forRoot(config: AppConfig, role: QueueRole): DynamicModule {
    const failFast = role === 'producer';
    return {
      module: QueueModule,
      global: true,
      imports: [
        BullModule.forRoot({
          prefix: config.queuePrefix,
          connection: {
            url: config.redisUrl,
            enableOfflineQueue: !failFast,
            ...(failFast ? { maxRetriesPerRequest: 1 } : { maxRetriesPerRequest: null }),
          },
        }),
        BullModule.registerQueue(...ALL_QUEUE_NAMES.map((name) => ({ name }))),
      ],
      providers: [
        QueueProducer,
        // Both apps report the depth of every queue; the database comes from the global PersistenceModule.
        {
          provide: Metrics,
          inject: [DataSource, ...ALL_QUEUE_NAMES.map((name) => getQueueToken(name))],
          useFactory: (dataSource: DataSource, ...queues: Queue[]) => new Metrics(dataSource, queues),
        },
        {
          provide: REDIS_CLIENT,
          useFactory: () =>
            new Redis(config.redisUrl, {
              enableOfflineQueue: !failFast,
              maxRetriesPerRequest: 1,
              lazyConnect: false,
              connectionName: `coaching-${role}`,
            }),
        },
      ],
      exports: [BullModule, QueueProducer, REDIS_CLIENT, Metrics],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }
}
