import { AccountTokensRepository } from './repositories/account-tokens.repository';
import { CalendarFeedsRepository } from './repositories/calendar-feeds.repository';
import { SignInsRepository } from './repositories/sign-ins.repository';
import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@app/config';
import { buildDataSourceOptions } from './data-source-options';
import { ENTITIES } from './entities';
import { AcademiesRepository } from './repositories/academies.repository';
import { AcademyOwnershipRepository } from './repositories/academy-ownership.repository';
import { AuditLogRepository } from './repositories/audit-log.repository';
import { CoachesRepository } from './repositories/coaches.repository';
import { HousekeepingRepository } from './repositories/housekeeping.repository';
import { NotificationsRepository } from './repositories/notifications.repository';
import { PersonalDataRepository } from './repositories/personal-data.repository';
import { ReportsRepository } from './repositories/reports.repository';
import { SessionsRepository } from './repositories/sessions.repository';
import { UsersRepository } from './repositories/users.repository';

const REPOSITORIES = [
  AcademiesRepository,
  AcademyOwnershipRepository,
  AuditLogRepository,
  UsersRepository,
  CoachesRepository,
  SessionsRepository,
  NotificationsRepository,
  ReportsRepository,
  PersonalDataRepository,
  HousekeepingRepository,
  SignInsRepository,
  AccountTokensRepository,
  CalendarFeedsRepository,
];

@Module({})
export class PersistenceModule {
  static forRoot(config: AppConfig, applicationName: string): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({ ...buildDataSourceOptions({ url: config.databaseUrl, applicationName, timeouts: config.databaseTimeouts }), retryAttempts: 3, retryDelay: 1000 }),
        TypeOrmModule.forFeature(ENTITIES),
      ],
      providers: REPOSITORIES,
      exports: [TypeOrmModule, ...REPOSITORIES],
    };
  }
}
