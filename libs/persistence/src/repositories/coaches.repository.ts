import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { activeSession } from '../session-predicates';
import { Brackets, DataSource, EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import {
  AvailabilityOverrideEntity,
  AvailabilityRuleEntity,
  CoachingSessionEntity,
  CoachProfileEntity,
  CoachStatus,
  TimeOffEntity,
  UserEntity,
} from '../entities';
import { AcademyScope } from './academy-scope';
import { AuditEntry, AuditLogRepository } from './audit-log.repository';
import { Page } from './users.repository';

export interface MatchCandidateSearch {
  languages: readonly string[];
  /** Coaches covering one of these come first when the limit cuts. */
  topics?: readonly string[];
  newcomerId?: string | null;
  loadFrom: Date;
  limit: number;
  /** Only when the newcomer asks for it. */
  gender?: string | null;
}

export interface CoachFilter {
  language?: string;
  topic?: string;
  academyId?: string;
  activeOnly: boolean;
  coachId?: string;
}

/** Everything the scheduling engine needs about one coach, for one range of instants. */
export interface CoachScheduleRows {
  profile: CoachProfileEntity;
  /** The coach's academy's own reminder offsets in minutes, if it has any (read along, for the booking path). */
  academyReminderOffsets: number[] | null;
  rules: AvailabilityRuleEntity[];
  overrides: AvailabilityOverrideEntity[];
  timeOff: TimeOffEntity[];
  sessions: CoachingSessionEntity[];
}

type Audit = Omit<AuditEntry, 'entityType' | 'entityId'>;

export interface MatchCandidateRow {
  coachId: string;
  displayName: string;
  academyId: string;
  languages: string[];
  topics: string[];
  maxSessionsPerWeek: number | null;
  sessionLengths: number[];
  load: number;
  completedWithNewcomer: number;
}

/** A match candidate as PostgreSQL returns it. */
interface MatchCandidateSqlRow {
  user_id: string;
  display_name: string;
  academy_id: string;
  languages: string[];
  topics: string[];
  max_sessions_per_week: number | null;
  session_lengths: number[];
  load: number;
  completed: number;
}

@Injectable()
export class CoachesRepository {
  constructor(
    @InjectRepository(CoachProfileEntity) private readonly profiles: Repository<CoachProfileEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly auditLog: AuditLogRepository,
  ) {}

  findInScope(coachId: string, scope: AcademyScope, activeOnly: boolean): Promise<CoachProfileEntity | null> {
    return this.scoped(scope, { coachId, activeOnly }).getOne();
  }

  async list(scope: AcademyScope, filter: CoachFilter, page: Page): Promise<{ items: CoachProfileEntity[]; total: number }> {
    const [items, total] = await this.scoped(scope, filter)
      .orderBy('u.display_name', 'ASC')
      .addOrderBy('p.user_id', 'ASC')
      .take(page.limit)
      .skip(page.offset)
      .getManyAndCount();
    return { items, total };
  }

  /**
   * Active coaches who speak one of the languages, in the scope, with what
   * matching scores them on: their load from `loadFrom` on (not cancelled)
   * and how many sessions they completed with the newcomer. Of `gender` only
   * when one is asked for: the filter is applied here, and no row carries it.
   * At most `limit`: those who cover one of `topics` first, then the least
   * loaded, then by id.
   */
  async matchCandidates(scope: AcademyScope, search: MatchCandidateSearch): Promise<MatchCandidateRow[]> {
    const { languages, topics = [], newcomerId = null, loadFrom, limit, gender = null } = search;
    const rows: MatchCandidateSqlRow[] = await this.dataSource.query(
      `SELECT p.user_id, u.display_name, u.academy_id, u.languages, p.topics, p.max_sessions_per_week, p.session_lengths,
              (SELECT count(*) FROM coaching_session s WHERE s.coach_id = p.user_id AND s.status <> 'cancelled' AND s.start_at >= $3)::int AS load,
              (SELECT count(*) FROM coaching_session s WHERE s.coach_id = p.user_id AND s.newcomer_id = $4 AND s.status = 'completed')::int AS completed
         FROM coach_profile p JOIN app_user u ON u.id = p.user_id
        WHERE p.active AND u.languages && $1::text[] AND ($2::uuid IS NULL OR u.academy_id = $2::uuid) AND ($6::text IS NULL OR p.gender = $6::text)
        ORDER BY p.topics && $7::text[] DESC, load, p.user_id LIMIT $5`,
      [languages, scope.kind === 'academy' ? scope.academyId : null, loadFrom, newcomerId, limit, gender, topics],
    );
    return rows.map((r) => ({
      coachId: r.user_id,
      displayName: r.display_name,
      academyId: r.academy_id,
      languages: r.languages,
      topics: r.topics,
      maxSessionsPerWeek: r.max_sessions_per_week,
      sessionLengths: r.session_lengths,
      load: r.load,
      completedWithNewcomer: r.completed,
    }));
  }

  /** The languages active coaches in the scope speak, for a newcomer nobody can coach yet. */
  async coveredLanguages(scope: AcademyScope): Promise<string[]> {
    const rows: Array<{ language: string }> = await this.dataSource.query(
      `SELECT DISTINCT unnest(u.languages) AS language FROM coach_profile p JOIN app_user u ON u.id = p.user_id
        WHERE p.active AND ($1::uuid IS NULL OR u.academy_id = $1::uuid) ORDER BY 1`,
      [scope.kind === 'academy' ? scope.academyId : null],
    );
    return rows.map((r) => r.language);
  }

  /** Ids only, in id order after `afterId` (a keyset page), for slot search: the schedules are loaded in bulk afterwards. */
  async listIds(scope: AcademyScope, filter: CoachFilter, limit: number, afterId?: string): Promise<string[]> {
    const query = this.scoped(scope, filter).select('p.user_id', 'id');
    if (afterId) query.andWhere('p.user_id > :afterId', { afterId });
    const rows = await query.orderBy('p.user_id').limit(limit).getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  async create(profile: Partial<CoachProfileEntity> & { userId: string }, audit: Audit): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(CoachProfileEntity, profile);
      await this.auditLog.append(manager, { ...audit, entityType: 'coach_profile', entityId: profile.userId, changes: describe(profile) });
    });
  }

  async update(coachId: string, changes: Partial<CoachProfileEntity>, audit: Audit): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.lockProfile(manager, coachId);
      await manager.update(CoachProfileEntity, { userId: coachId }, changes);
      await this.auditLog.append(manager, { ...audit, entityType: 'coach_profile', entityId: coachId, changes: describe(changes) });
    });
  }

  /**
   * Locks the profile for a lifecycle change, in the scope. Bookings for the
   * coach take the same lock, so none slips in between the change and its commit.
   */
  async lockStatus(manager: EntityManager, coachId: string, scope: AcademyScope): Promise<{ status: CoachStatus; academyId: string } | null> {
    const rows: Array<{ status: CoachStatus; academy_id: string }> = await manager.query(
      `SELECT p.status, u.academy_id FROM coach_profile p JOIN app_user u ON u.id = p.user_id
        WHERE p.user_id = $1 AND u.role = 'coach' AND ($2::uuid IS NULL OR u.academy_id = $2::uuid) FOR UPDATE OF p`,
      [coachId, scope.kind === 'academy' ? scope.academyId : null],
    );
    return rows[0] ? { status: rows[0].status, academyId: rows[0].academy_id } : null;
  }

  async setStatus(manager: EntityManager, coachId: string, from: CoachStatus, to: CoachStatus, audit: Audit): Promise<void> {
    await manager.update(CoachProfileEntity, { userId: coachId }, { status: to });
    await this.auditLog.append(manager, { ...audit, entityType: 'coach_profile', entityId: coachId, changes: { status: { from, to } } });
  }

  /** Replaces the whole weekly set atomically: a reader sees the old set or the new one, never a mix. */
  async replaceWeekly(coachId: string, timeZone: string, rules: Array<{ weekday: number; start: string; end: string }>, audit: Audit): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.lockProfile(manager, coachId);
      await manager.delete(AvailabilityRuleEntity, { coachId });
      if (rules.length > 0) {
        await manager.insert(
          AvailabilityRuleEntity,
          rules.map((r) => ({ coachId, weekday: r.weekday, startTime: r.start, endTime: r.end, timeZone })),
        );
      }
      await manager.update(CoachProfileEntity, { userId: coachId }, { availabilityTimeZone: timeZone });
      await this.auditLog.append(manager, { ...audit, entityType: 'coach_profile', entityId: coachId, changes: { availability: { timeZone, weekly: rules } } });
    });
  }

  async upsertOverride(coachId: string, localDate: string, intervals: Array<{ start: string; end: string }>, audit: Audit): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.lockProfile(manager, coachId);
      await manager.upsert(AvailabilityOverrideEntity, { coachId, localDate, intervals }, ['coachId', 'localDate']);
      await this.auditLog.append(manager, { ...audit, entityType: 'coach_profile', entityId: coachId, changes: { override: { localDate, intervals } } });
    });
  }

  async deleteOverride(coachId: string, localDate: string, audit: Audit): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await this.lockProfile(manager, coachId);
      const result = await manager.delete(AvailabilityOverrideEntity, { coachId, localDate });
      if (!result.affected) return false;
      await this.auditLog.append(manager, { ...audit, entityType: 'coach_profile', entityId: coachId, changes: { overrideRemoved: localDate } });
      return true;
    });
  }

  async addTimeOff(coachId: string, startAt: Date, endAt: Date, reason: string | null, audit: Audit): Promise<TimeOffEntity> {
    return this.dataSource.transaction(async (manager) => {
      await this.lockProfile(manager, coachId);
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

  async deleteTimeOff(coachId: string, timeOffId: string, audit: Audit): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await this.lockProfile(manager, coachId);
      const result = await manager.delete(TimeOffEntity, { id: timeOffId, coachId });
      if (!result.affected) return false;
      await this.auditLog.append(manager, { ...audit, entityType: 'coach_profile', entityId: coachId, changes: { timeOffRemoved: timeOffId } });
      return true;
    });
  }

  /** Weekly rules, and overrides and time off from `now` on. */
  async availabilityOf(coachId: string, fromDate: string, now: Date): Promise<Omit<CoachScheduleRows, 'profile' | 'sessions' | 'academyReminderOffsets'>> {
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

  /**
   * Slot search and matching: the schedules of many coaches in one
   * statement, whatever their number. `from`/`to` bound what is relevant; callers widen
   * them by the caps' week and the buffers.
   */
  async loadSchedules(coachIds: string[], from: Date, to: Date, options: { sessions: boolean } = { sessions: true }): Promise<CoachScheduleRows[]> {
    if (coachIds.length === 0) return [];
    const manager = this.dataSource.manager;
    // Offered hours (reports) need no sessions: a year of them would be read for nothing.
    const select = options.sessions ? SCHEDULE_SELECT : SCHEDULE_SELECT.replace(SESSIONS_COLUMN, `'[]'::json AS sessions`);
    const rows: Array<Record<string, unknown>> = await manager.query(
      `${select} WHERE p.user_id = ANY($1::uuid[]) AND u.role = 'coach' ORDER BY p.user_id`,
      scheduleParameters(coachIds, from, to),
    );
    return rows.map((row) => toScheduleRows(manager, row));
  }

  /**
   * The booking path: locks the coach's profile row for the rest of the
   * transaction (bookings for one coach take turns, so caps hold) and reads
   * the profile, the account's academy and languages, and the schedule around
   * `from`–`to`, in one statement.
   */
  async lockSchedule(manager: EntityManager, coachId: string, from: Date, to: Date): Promise<CoachScheduleRows | null> {
    // The lock first, the schedule in a statement of its own: under READ COMMITTED each statement
    // reads what was committed when it began, so a read that had to wait for the lock would not
    // see the time off, override or hours committed by the transaction it waited for.
    await this.lockProfile(manager, coachId);
    const rows: Array<Record<string, unknown>> = await manager.query(
      `${SCHEDULE_SELECT} WHERE p.user_id = $1 AND u.role = 'coach'`,
      scheduleParameters(coachId, from, to),
    );
    return rows[0] ? toScheduleRows(manager, rows[0]) : null;
  }

  /**
   * The lock bookings, reschedules, every change to what a coach offers (weekly hours, overrides,
   * time off, policy) and status changes take first, so they queue in one order.
   */
  async lockProfile(manager: EntityManager, coachId: string): Promise<void> {
    await manager.query('SELECT 1 FROM coach_profile WHERE user_id = $1 FOR UPDATE', [coachId]);
  }

  private scoped(scope: AcademyScope, filter: CoachFilter): SelectQueryBuilder<CoachProfileEntity> {
    const query = this.profiles.createQueryBuilder('p').innerJoinAndSelect('p.user', 'u').where(`u.role = 'coach'`);
    if (scope.kind === 'academy') query.andWhere('u.academy_id = :scopeAcademyId', { scopeAcademyId: scope.academyId });
    if (filter.activeOnly) query.andWhere('p.active = true');
    if (filter.coachId) query.andWhere('p.user_id = :coachId', { coachId: filter.coachId });
    if (filter.academyId) query.andWhere('u.academy_id = :filterAcademyId', { filterAcademyId: filter.academyId });
    if (filter.language) query.andWhere(':language = ANY(u.languages)', { language: filter.language });
    if (filter.topic) query.andWhere(new Brackets((b) => b.where(':topic = ANY(p.topics)', { topic: filter.topic })));
    return query;
  }
}

/**
 * A coach's profile, account fields and schedule around [$2, $3) in one row:
 * the rules, the overrides of the local dates $4–$5, time off and sessions
 * that are not cancelled, each aggregated as JSON.
 */
const SESSIONS_COLUMN = `(SELECT coalesce(json_agg(json_build_object('id', s.id, 'startAt', s.start_at, 'endAt', s.end_at,
                                                 'blockedStart', s.blocked_start, 'blockedEnd', s.blocked_end)), '[]')
        FROM coaching_session s
       WHERE s.coach_id = p.user_id AND ${activeSession('s')} AND s.blocked_end > $2 AND s.blocked_start < $3) AS sessions`;

const SCHEDULE_SELECT = `SELECT p.*, u.academy_id, u.languages, u.display_name,
     (SELECT a.reminder_offsets_minutes FROM academy a WHERE a.id = u.academy_id) AS academy_reminder_offsets,
     (SELECT coalesce(json_agg(json_build_object('weekday', r.weekday, 'startTime', r.start_time, 'endTime', r.end_time)), '[]')
        FROM availability_rule r WHERE r.coach_id = p.user_id) AS rules,
     (SELECT coalesce(json_agg(json_build_object('localDate', o.local_date, 'intervals', o.intervals)), '[]')
        FROM availability_override o WHERE o.coach_id = p.user_id AND o.local_date BETWEEN $4 AND $5) AS overrides,
     (SELECT coalesce(json_agg(json_build_object('startAt', t.start_at, 'endAt', t.end_at)), '[]')
        FROM time_off t WHERE t.coach_id = p.user_id AND t.end_at > $2 AND t.start_at < $3) AS time_off,
     ${SESSIONS_COLUMN}
   FROM coach_profile p JOIN app_user u ON u.id = p.user_id`;

/** Overrides are read for local dates a little wider than the range: zones lie within ±14 h of UTC. */
function scheduleParameters(coach: string | string[], from: Date, to: Date): unknown[] {
  const fromDate = new Date(from.getTime() - 2 * 86_400_000).toISOString().slice(0, 10);
  const toDate = new Date(to.getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
  return [coach, from, to, fromDate, toDate];
}

function toScheduleRows(manager: EntityManager, row: Record<string, unknown>): CoachScheduleRows {
  const coachId = row.user_id as string;
  const profile = manager.getRepository(CoachProfileEntity).create({
    userId: coachId,
    topics: row.topics as string[],
    sessionLengths: row.session_lengths as number[],
    slotStepMinutes: row.slot_step_minutes as number,
    minimumNoticeMinutes: row.minimum_notice_minutes as number,
    horizonDays: row.horizon_days as number,
    bufferBeforeMinutes: row.buffer_before_minutes as number,
    bufferAfterMinutes: row.buffer_after_minutes as number,
    maxSessionsPerDay: row.max_sessions_per_day as number | null,
    maxSessionsPerWeek: row.max_sessions_per_week as number | null,
    status: row.status as CoachStatus,
    active: row.active as boolean,
    availabilityTimeZone: row.availability_time_zone as string | null,
  });
  profile.user = manager.getRepository(UserEntity).create({
    id: coachId,
    academyId: row.academy_id as string,
    languages: row.languages as string[],
    displayName: row.display_name as string,
    role: 'coach',
  });
  const instant = (value: unknown) => new Date(value as string);
  type Json = Record<string, unknown>;
  return {
    profile,
    academyReminderOffsets: (row.academy_reminder_offsets as number[] | null) ?? null,
    rules: (row.rules as Json[]).map((r) => ({ coachId, weekday: r.weekday, startTime: r.startTime, endTime: r.endTime }) as AvailabilityRuleEntity),
    overrides: (row.overrides as Json[]).map((o) => ({ coachId, localDate: o.localDate, intervals: o.intervals }) as AvailabilityOverrideEntity),
    timeOff: (row.time_off as Json[]).map((t) => ({ coachId, startAt: instant(t.startAt), endAt: instant(t.endAt) }) as TimeOffEntity),
    sessions: (row.sessions as Json[]).map(
      (x) => ({ id: x.id, coachId, startAt: instant(x.startAt), endAt: instant(x.endAt), blockedStart: instant(x.blockedStart), blockedEnd: instant(x.blockedEnd) }) as CoachingSessionEntity,
    ),
  };
}

function describe(changes: Partial<CoachProfileEntity>): Record<string, unknown> {
  // Bio is free text the coach wrote about themselves; the audit log records that it changed, not its words.
  const { bio, user: _user, createdAt: _c, updatedAt: _u, ...rest } = changes;
  return bio === undefined ? rest : { ...rest, bio: '(changed)' };
}
