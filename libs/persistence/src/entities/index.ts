import { AcademyEntity } from './academy.entity';
import { AuditLogEntity } from './audit-log.entity';
import { AvailabilityOverrideEntity, AvailabilityRuleEntity, TimeOffEntity } from './availability.entities';
import { CoachProfileEntity } from './coach-profile.entity';
import { CoachingSessionEntity } from './coaching-session.entity';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { NotificationEntity } from './notification.entity';
import { SessionJoinEntity } from './session-join.entity';
import { UserEntity } from './user.entity';

export {
  AcademyEntity,
  AuditLogEntity,
  AvailabilityOverrideEntity,
  AvailabilityRuleEntity,
  CoachingSessionEntity,
  CoachProfileEntity,
  IdempotencyKeyEntity,
  NotificationEntity,
  SessionJoinEntity,
  TimeOffEntity,
  UserEntity,
};
export * from './coach-profile.entity';
export * from './coaching-session.entity';
export * from './notification.entity';
export * from './user.entity';

export const ENTITIES = [
  AcademyEntity,
  UserEntity,
  AuditLogEntity,
  CoachProfileEntity,
  AvailabilityRuleEntity,
  AvailabilityOverrideEntity,
  TimeOffEntity,
  CoachingSessionEntity,
  IdempotencyKeyEntity,
  NotificationEntity,
  SessionJoinEntity,
];
