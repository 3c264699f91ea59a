import { AccountTokensRepository } from './repositories/account-tokens.repository';
import { CalendarFeedsRepository } from './repositories/calendar-feeds.repository';
import { SignInsRepository } from './repositories/sign-ins.repository';
import { type DynamicModule, Module, type ExistingProvider } from '@nestjs/common';
import { getDataSourceToken, getEntityManagerToken, getRepositoryToken, TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@app/config';
import { Metrics } from '@app/logging';
import { buildDataSourceOptions } from './data-source-options';
import { ENTITIES } from './entities';
import { AcademiesRepository } from './repositories/academies.repository';
import { AcademyOwnershipRepository } from './repositories/academy-ownership.repository';
import { AuditLogRepository } from './repositories/audit-log.repository';
import { CoachAvailabilityRepository } from './repositories/coach-availability.repository';
import { CoachProfilesRepository } from './repositories/coach-profiles.repository';
import { CoachSchedulesRepository } from './repositories/coach-schedules.repository';
import { MatchCandidatesRepository } from './repositories/match-candidates.repository';
import { FeedbackRepository } from './repositories/feedback.repository';
import { HousekeepingRepository } from './repositories/housekeeping.repository';
import { NotificationsRepository } from './repositories/notifications.repository';
import { PersonalDataRepository } from './repositories/personal-data.repository';
import { ReportsRepository } from './repositories/reports.repository';
import { SessionsRepository } from './repositories/sessions.repository';
import { UsersRepository } from './repositories/users.repository';
import { WaitingListRepository } from './repositories/waiting-list.repository';

/** The provider that registers the open-notifications gauge with Metrics. */
const NOTIFICATIONS_GAUGE = Symbol('NOTIFICATIONS_GAUGE');

const REPOSITORIES = [
  AcademiesRepository,
  AcademyOwnershipRepository,
  AuditLogRepository,
  UsersRepository,
  CoachProfilesRepository,
  CoachAvailabilityRepository,
  CoachSchedulesRepository,
  MatchCandidatesRepository,
  SessionsRepository,
  NotificationsRepository,
  ReportsRepository,
  PersonalDataRepository,
  HousekeepingRepository,
  WaitingListRepository,
  SignInsRepository,
  AccountTokensRepository,
  CalendarFeedsRepository,
  FeedbackRepository,
];

/**
 * The database for one app. The data source is registered under the app's own
 * name (`applicationName`, also the connection's application_name in
 * PostgreSQL), so that the API and the worker started in one process (`npm
 * start`) are two named data sources and not two claims on TypeORM's
 * "default"; the unnamed tokens (`DataSource`, `EntityManager`, each entity's
 * repository) point at it, so the rest of the code injects them as usual.
 */
@Module({})
export class PersistenceModule {
  static forRoot(config: AppConfig, applicationName: string): DynamicModule {
    const name = applicationName;
    const aliases: ExistingProvider[] = [
      { provide: getDataSourceToken(), useExisting: getDataSourceToken(name) },
      { provide: getEntityManagerToken(), useExisting: getEntityManagerToken(name) },
      ...ENTITIES.map((entity) => ({ provide: getRepositoryToken(entity), useExisting: getRepositoryToken(entity, name) })),
    ];
    return {
      module: PersistenceModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({
          ...buildDataSourceOptions({ url: config.databaseUrl, applicationName, timeouts: config.databaseTimeouts }),
          name,
          retryAttempts: 3,
          retryDelay: 1000,
        }),
        TypeOrmModule.forFeature(ENTITIES, name),
      ],
      providers: [
        ...aliases,
        ...REPOSITORIES,
        // Both apps report the open notification rows, counted by PostgreSQL when scraped.
        {
          provide: NOTIFICATIONS_GAUGE,
          inject: [Metrics, NotificationsRepository],
          useFactory: (metrics: Metrics, notifications: NotificationsRepository) =>
            metrics.gaugeReadAtScrape('coaching_notifications', 'Open notification rows (pending, queued) by state', ['state'], async () =>
              Object.entries(await notifications.openCountsByState()).map(([state, value]) => ({ labels: { state }, value })),
            ),
        },
      ],
      exports: [TypeOrmModule, ...aliases.map((alias) => alias.provide), ...REPOSITORIES],
    };
  }
}
