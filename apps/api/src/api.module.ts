import { createSecretKey } from 'node:crypto';
import type { Writable } from 'node:stream';
import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TerminusModule } from '@nestjs/terminus';
import { AppConfig, AppConfigModule } from '@app/config';
import { LoggingModule } from '@app/logging';
import { LinkTokens } from '@app/notifications';
import { PersistenceModule } from '@app/persistence';
import { QueueModule } from '@app/queue';
import { AcademiesController } from './academies/academies.controller';
import { AuditController } from './audit/audit.controller';
import { AuditService } from './audit/audit.service';
import { AcademiesService } from './academies/academies.service';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { CalendarFeedsController } from './calendar-feeds/calendar-feeds.controller';
import { CalendarFeedsService } from './calendar-feeds/calendar-feeds.service';
import { AccountLinks } from './auth/account-links.service';
import { SignInTokens } from './auth/sign-in-tokens.service';
import { RequestThrottle } from './common/throttle/request-throttle.service';
import { CoachesController } from './coaches/coaches.controller';
import { CoachesService } from './coaches/coaches.service';
import { CoachLifecycleService } from './coaches/coach-lifecycle.service';
import { ForeignIds } from './common/academy/foreign-ids.service';
import { Clock, SystemClock } from './common/clock';
import { SessionsController } from './sessions/sessions.controller';
import { MatchesController } from './matches/matches.controller';
import { MetricsController } from './metrics/metrics.controller';
import { FeedbackController } from './feedback/feedback.controller';
import { FeedbackService } from './feedback/feedback.service';
import { FeedbackReportService } from './reports/feedback-report.service';
import { ReportsController } from './reports/reports.controller';
import { ReportsService } from './reports/reports.service';
import { MatchesService } from './matches/matches.service';
import { SessionCancellation } from './sessions/session-cancellation.service';
import { SessionNotifications } from './sessions/session-notifications.service';
import { BookingService } from './sessions/booking.service';
import { SessionsService } from './sessions/sessions.service';
import { MeetingRooms } from './sessions/meeting-rooms';
import { SessionJoinService } from './sessions/session-join.service';
import { SessionView } from './sessions/session-view';
import { SlotsController } from './slots/slots.controller';
import { SlotsService } from './slots/slots.service';
import { LoginRateLimiter } from './auth/login-rate-limiter.service';
import { PasswordHasher } from '@app/security';
import { ProblemDetailsFilter } from './common/errors/problem-details.filter';
import { JsonOnlyMiddleware } from './common/http/json-only.middleware';
import { RouteTable } from './common/http/route-table';
import { ApiValidationPipe } from './common/http/validation.pipe';
import { HealthController } from './health/health.controller';
import { RedisHealthIndicator } from './health/redis.health';
import { MeController } from './users/me.controller';
import { UsersController } from './users/users.controller';
import { NewcomersController } from './users/newcomers.controller';
import { PersonalDataService } from './users/personal-data.service';
import { WaitingListController } from './waiting-list/waiting-list.controller';
import { WaitingListService } from './waiting-list/waiting-list.service';
import { DemandReportController } from './reports/demand-report.controller';
import { DemandReportService } from './reports/demand-report.service';
import { UsersService } from './users/users.service';

/** Every controller of the API; the OpenAPI document reads their guards' metadata too. */
export const API_CONTROLLERS = [
  AuthController,
  MeController,
  UsersController,
  NewcomersController,
  AcademiesController,
  CoachesController,
  SlotsController,
  MatchesController,
  SessionsController,
  ReportsController,
  AuditController,
  HealthController,
  MetricsController,
  CalendarFeedsController,
  WaitingListController,
  DemandReportController,
  FeedbackController,
] as const;

@Module({})
export class ApiModule implements NestModule {
  static forRoot(config: AppConfig, logDestination?: Writable, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule.forRoot(config, 'api', logDestination),
        PersistenceModule.forRoot(config, 'coaching-api'),
        QueueModule.forRoot(config, 'producer'),
        TerminusModule.forRoot({ logger: false }),
        JwtModule.register({
          // A KeyObject, not the string: given a string, jsonwebtoken first tries (and fails) to
          // parse it as a public key on every verification, which costs more than the HMAC.
          secret: createSecretKey(Buffer.from(config.jwt.secret, 'utf8')),
          signOptions: { algorithm: 'HS256', expiresIn: config.jwt.expiresInSeconds, issuer: 'coaching-api', audience: 'coaching' },
          verifyOptions: { algorithms: ['HS256'], issuer: 'coaching-api', audience: 'coaching' },
        }),
      ],
      controllers: [...API_CONTROLLERS],
      providers: [
        RouteTable,
        ForeignIds,
        { provide: Clock, useValue: clock },
        CoachesService,
        CoachLifecycleService,
        SlotsService,
        SessionsService,
        MeetingRooms,
        SessionView,
        SessionJoinService,
        BookingService,
        SessionNotifications,
        SessionCancellation,
        AuditService,
        AcademiesService,
        MatchesService,
        ReportsService,
        WaitingListService,
        DemandReportService,
        FeedbackService,
        FeedbackReportService,
        { provide: PasswordHasher, useValue: new PasswordHasher(config.passwordHashCost) },
        { provide: LinkTokens, useValue: new LinkTokens(config.jwt.secret) },
        AuthService,
        SignInTokens,
        AccountLinks,
        LoginRateLimiter,
        RequestThrottle,
        CalendarFeedsService,
        UsersService,
        PersonalDataService,
        RedisHealthIndicator,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_PIPE, useClass: ApiValidationPipe },
        ProblemDetailsFilter,
        { provide: APP_FILTER, useExisting: ProblemDetailsFilter },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(JsonOnlyMiddleware).forRoutes({ path: '*path', method: RequestMethod.ALL });
  }
}
