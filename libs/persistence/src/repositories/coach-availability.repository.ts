import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AvailabilityOverrideEntity, AvailabilityRuleEntity, CoachProfileEntity, TimeOffEntity } from '../entities';
import { AuditLogRepository } from './audit-log.repository';
import { type CoachAudit } from './coach-profiles.repository';
import { lockCoachProfile } from './coach-profile-lock';
import { type CoachScheduleRows } from './coach-schedules.repository';
import { noteCoachChanged } from './waiting-list-outbox';

/**
 * What a coach offers: the weekly hours, the date overrides and time off. Every change takes the profile lock first,
 * so it queues behind a booking for the coach (and a booking behind it), and is audited on the coach's profile.
 */
@Injectable()
export class CoachAvailabilityRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly auditLog: AuditLogRepository,
  ) {}

  /** Replaces the whole weekly set atomically: a reader sees the old set or the new one, never a mix. */
  async replaceWeekly(
    coachId: string,
    timeZone: string,
    rules: Array<{ weekday: number; start: string; end: string }>,
    audit: CoachAudit,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await lockCoachProfile(manager, coachId);
      await manager.delete(AvailabilityRuleEntity, { coachId });
      if (rules.length > 0) {
        await manager.insert(
          AvailabilityRuleEntity,
          rules.map((r) => ({ coachId, weekday: r.weekday, startTime: r.start, endTime: r.end, timeZone })),
        );
      }
      await manager.update(CoachProfileEntity, { userId: coachId }, { availabilityTimeZone: timeZone });
      await this.auditLog.append(manager, {
        ...audit,
        entityType: 'coach_profile',
        entityId: coachId,
        changes: { availability: { timeZone, weekly: rules } },
      });
      await noteCoachChanged(manager, coachId);
    });
  }

  async upsertOverride(
    coachId: string,
    localDate: string,
    intervals: Array<{ start: string; end: string }>,
    audit: CoachAudit,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await lockCoachProfile(manager, coachId);
      await manager.upsert(AvailabilityOverrideEntity, { coachId, localDate, intervals }, ['coachId', 'localDate']);
      await this.auditLog.append(manager, {
        ...audit,
        entityType: 'coach_profile',
        entityId: coachId,
        changes: { override: { localDate, intervals } },
      });
      await noteCoachChanged(manager, coachId);
    });
  }

  async deleteOverride(coachId: string, localDate: string, audit: CoachAudit): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await lockCoachProfile(manager, coachId);
      const result = await manager.delete(AvailabilityOverrideEntity, { coachId, localDate });
      if (!result.affected) return false;
      await this.auditLog.append(manager, {
        ...audit,
        entityType: 'coach_profile',
        entityId: coachId,
        changes: { overrideRemoved: localDate },
      });
      return true;
    });
  }

  async addTimeOff(coachId: string, startAt: Date, endAt: Date, reason: string | null, audit: CoachAudit): Promise<TimeOffEntity> {
    return this.dataSource.transaction(async (manager) => {
      await lockCoachProfile(manager, coachId);
      const saved = await manager.save(manager.create(TimeOffEntity, { coachId, startAt, endAt, reason }));
      // The reason is free text and may be personal: the log records that time off was added, not why.
      await this.auditLog.append(manager, {
        ...audit,
        entityType: 'coach_profile',
        entityId: coachId,
        changes: { timeOffAdded: { id: saved.id, start: startAt.toISOString(), end: endAt.toISOString() } },
      });
      return saved;
    });
  }

  async deleteTimeOff(coachId: string, timeOffId: string, audit: CoachAudit): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await lockCoachProfile(manager, coachId);
      const result = await manager.delete(TimeOffEntity, { id: timeOffId, coachId });
      if (!result.affected) return false;
      await this.auditLog.append(manager, {
        ...audit,
        entityType: 'coach_profile',
        entityId: coachId,
        changes: { timeOffRemoved: timeOffId },
      });
      await noteCoachChanged(manager, coachId);
      return true;
    });
  }

  /** Weekly rules, and overrides and time off from `now` on. */
  async availabilityOf(
    coachId: string,
    fromDate: string,
    now: Date,
  ): Promise<Omit<CoachScheduleRows, 'profile' | 'sessions' | 'academyReminderOffsets'>> {
    const [rules, overrides, timeOff] = await Promise.all([
      this.dataSource.getRepository(AvailabilityRuleEntity).find({ where: { coachId }, order: { weekday: 'ASC', startTime: 'ASC' } }),
      this.dataSource
        .getRepository(AvailabilityOverrideEntity)
        .createQueryBuilder('o')
        .where('o.coach_id = :coachId AND o.local_date >= :fromDate', { coachId, fromDate })
        .orderBy('o.local_date')
        .getMany(),
      this.dataSource
        .getRepository(TimeOffEntity)
        .createQueryBuilder('t')
        .where('t.coach_id = :coachId AND t.end_at > :now', { coachId, now })
        .orderBy('t.start_at')
        .getMany(),
    ]);
    return { rules, overrides, timeOff };
  }
}
