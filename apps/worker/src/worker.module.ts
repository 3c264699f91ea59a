import type { Writable } from 'node:stream';
import { AccountMailHandler } from './handlers/account-mail.handler';
import { AccountMailRelay } from './notifications/account-mail-relay.service';
import { DynamicModule, Module, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Clock, SystemClock } from '@app/clock';
import { AppConfig, AppConfigModule } from '@app/config';
import { LoggingModule } from '@app/logging';
import { createMailTransport, LinkTokens, MailTransport } from '@app/notifications';
import { PersistenceModule } from '@app/persistence';
import { QueueModule } from '@app/queue';
import { AccountWelcomeHandler } from './handlers/account-welcome.handler';
import { WorkerHealthServer } from './health/worker-health.server';
import { JobRouter } from './jobs/job-router.service';
import { JobSchedules } from './jobs/job-schedules.service';
import { NotificationsProcessor } from './jobs/notifications.processor';
import { NotificationDeliveryHandler } from './notifications/notification-delivery.handler';
import { NotificationReconciler } from './notifications/notification-reconciler.service';
import { HousekeepingService } from './retention/housekeeping.service';
import { RetentionService } from './retention/retention.service';
import { NotificationRelay } from './notifications/notification-relay.service';
import { WORKER_HEALTH_PORT } from './worker.tokens';

export interface WorkerOptions {
  /** Where logs go; standard output unless a test reads them. */
  logDestination?: Writable;
  healthPort: number | null;
  mailTransport?: MailTransport;
  /** The worker's "now": what is due, stale or expired, and how long BullMQ delays a job. Tests pin it. */
  clock?: Clock;
}

@Module({})
export class WorkerModule implements OnApplicationShutdown {
  constructor(private readonly mail: MailTransport) {}

  static forRoot(config: AppConfig, options: WorkerOptions): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule.forRoot(config, 'worker', options.logDestination),
        PersistenceModule.forRoot(config, 'coaching-worker'),
        QueueModule.forRoot(config, 'consumer'),
        DiscoveryModule,
      ],
      providers: [
        { provide: MailTransport, useValue: options.mailTransport ?? createMailTransport(config) },
        { provide: LinkTokens, useValue: new LinkTokens(config.jwt.secret) },
        { provide: WORKER_HEALTH_PORT, useValue: options.healthPort },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        JobRouter,
        JobSchedules,
        NotificationsProcessor,
        AccountWelcomeHandler,
        AccountMailHandler,
        AccountMailRelay,
        NotificationDeliveryHandler,
        NotificationRelay,
        NotificationReconciler,
        RetentionService,
        HousekeepingService,
        WorkerHealthServer,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.mail.close();
  }
}
