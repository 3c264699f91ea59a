import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { upcomingBooked } from '../session-predicates';
import { DataSource, EntityManager, type QueryDeepPartialEntity, Repository, SelectQueryBuilder } from 'typeorm';
import { AttendanceOutcome, CoachingSessionEntity, IdempotencyKeyEntity, SessionStatus, UserEntity } from '../entities';
import { AuditEntry, AuditLogRepository } from './audit-log.repository';
import { AcademyScope } from './academy-scope';
import { SessionScope } from './session-scope';
import { Page } from './users.repository';

export interface NewSession {
  coachId: string;
  newcomerId: string;
  academyId: string;
  bookedBy: string;
  /** When someone else books: the moment the newcomer's consent was recorded. */
  consentRecordedAt: Date | null;
  topic: string;
  language: string;
  startAt: Date;
  endAt: Date;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  meetingUrl: string;
}

/** Names shown with a new session; the caller already holds them, so the insert need not read them back. */
export interface SessionPeople {
  coach: Pick<UserEntity, 'id' | 'displayName'>;
  newcomer: Pick<UserEntity, 'id' | 'displayName'>;
}

export interface IdempotentResponse {
  actorId: string;
  key: string;
  requestHash: string;
  status: number;
  /** How long the key is remembered. */
  ttlHours: number;
  /** Builds the stored response from the new session, inside the booking's transaction. */
  body: (session: CoachingSessionEntity) => unknown;
}

export interface SessionFilter {
  status?: SessionStatus;
  from?: Date;
  to?: Date;
  coachId?: string;
  academyId?: string;
}

type Audit = Pick<AuditEntry, 'actorId' | 'action'>;

@Injectable()
export class SessionsRepository {
  constructor(
    @InjectRepository(CoachingSessionEntity) private readonly sessions: Repository<CoachingSessionEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly auditLog: AuditLogRepository,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Holds the newcomer's account for the booking's transaction: erasure locks
   * the same row, so a booking either commits before it (and is cancelled by
   * it) or waits for it and is refused. False if the account is erased.
   */
  async holdNewcomer(manager: EntityManager, newcomerId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM app_user WHERE id = $1 AND erased_at IS NULL FOR SHARE`, [newcomerId]);
    return rows.length === 1;
  }

  /**
   * Inserts the session, its audit entry and (when given) its idempotency
   * record in one transaction. Overlaps are refused by the exclusion
   * constraints (SQLSTATE 23P01), not by a prior read.
   */
  async book(
    manager: EntityManager,
    session: NewSession,
    people: SessionPeople,
    audit: Audit,
    idempotency?: IdempotentResponse,
  ): Promise<CoachingSessionEntity> {
    const blockedStart = new Date(session.startAt.getTime() - session.bufferBeforeMinutes * 60_000);
    const blockedEnd = new Date(session.endAt.getTime() + session.bufferAfterMinutes * 60_000);
    const [row]: Array<{ id: string; version: number; created_at: Date; updated_at: Date }> = await manager.query(
      `INSERT INTO coaching_session (coach_id, newcomer_id, academy_id, booked_by, topic, language, start_at, end_at,
         buffer_before_minutes, buffer_after_minutes, blocked_start, blocked_end, meeting_url, consent_recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id, version, created_at, updated_at`,
      [
        session.coachId,
        session.newcomerId,
        session.academyId,
        session.bookedBy,
        session.topic,
        session.language,
        session.startAt,
        session.endAt,
        session.bufferBeforeMinutes,
        session.bufferAfterMinutes,
        blockedStart,
        blockedEnd,
        session.meetingUrl,
        session.consentRecordedAt,
      ],
    );
    const id = row.id;
    await this.auditLog.append(manager, {
      ...audit,
      academyId: session.academyId,
      entityType: 'session',
      entityId: id,
      changes: {
        coachId: session.coachId,
        newcomerId: session.newcomerId,
        start: session.startAt.toISOString(),
        end: session.endAt.toISOString(),
        ...(session.consentRecordedAt ? { bookedOnBehalf: true, consentRecordedAt: session.consentRecordedAt.toISOString() } : {}),
      },
    });
    const saved = manager.getRepository(CoachingSessionEntity).create({
      ...session,
      id,
      blockedStart,
      blockedEnd,
      status: 'booked',
      externalMeetingUrl: null,
      version: row.version,
      cancellationReason: null,
      cancelledBy: null,
      cancelledAt: null,
      coachNotes: null,
      attendanceRecordedAt: null,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      coach: people.coach as UserEntity,
      newcomer: people.newcomer as UserEntity,
    });
    if (idempotency) {
      // An expired record of the same key is forgotten here, so the key may serve again.
      await manager.query(`DELETE FROM idempotency_key WHERE actor_id = $1 AND key = $2 AND expires_at <= now()`, [
        idempotency.actorId,
        idempotency.key,
      ]);
      await manager.insert(IdempotencyKeyEntity, {
        actorId: idempotency.actorId,
        key: idempotency.key,
        requestHash: idempotency.requestHash,
        responseStatus: idempotency.status,
        responseBody: idempotency.body(saved) as object,
        coachId: saved.coachId,
        newcomerId: saved.newcomerId,
        expiresAt: () => `now() + make_interval(hours => ${Math.trunc(idempotency.ttlHours)})`,
      });
    }
    return saved;
  }

  /** The stored response of a key that has not expired. */
  findIdempotent(actorId: string, key: string): Promise<IdempotencyKeyEntity | null> {
    return this.dataSource
      .getRepository(IdempotencyKeyEntity)
      .createQueryBuilder('k')
      .where('k.actor_id = :actorId AND k.key = :key AND k.expires_at > now()', { actorId, key })
      .getOne();
  }

  findInScope(id: string, scope: SessionScope): Promise<CoachingSessionEntity | null> {
    return this.scoped(scope).andWhere('s.id = :id', { id }).getOne();
  }

  /** Records that one of the session's people opened its room; the first time is kept. */
  async recordJoin(sessionId: string, userId: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO session_join (session_id, user_id, joined_at) VALUES ($1, $2, $3) ON CONFLICT (session_id, user_id) DO NOTHING`,
      [sessionId, userId, at],
    );
  }

  /** When each person first opened the rooms of these sessions (ids the caller already found in its scope). */
  async joinsOf(sessionIds: readonly string[]): Promise<Map<string, Array<{ userId: string; joinedAt: Date }>>> {
    const joins = new Map<string, Array<{ userId: string; joinedAt: Date }>>();
    if (sessionIds.length === 0) return joins;
    const rows: Array<{ session_id: string; user_id: string; joined_at: Date }> = await this.dataSource.query(
      `SELECT session_id, user_id, joined_at FROM session_join WHERE session_id = ANY($1::uuid[]) ORDER BY joined_at, user_id`,
      [sessionIds],
    );
    for (const row of rows) {
      const list = joins.get(row.session_id) ?? [];
      list.push({ userId: row.user_id, joinedAt: row.joined_at });
      joins.set(row.session_id, list);
    }
    return joins;
  }

  /** The meeting a coach or coordinator set for the session (MEETING_PROVIDER=url), with its audit entry. */
  setExternalMeetingUrl(
    manager: EntityManager,
    session: CoachingSessionEntity,
    url: string,
    actorId: string,
  ): Promise<CoachingSessionEntity> {
    // The URL lets anyone in: the log records that it changed, not what it is.
    return this.change(
      manager,
      session,
      { externalMeetingUrl: url },
      { actorId, action: 'session.meeting-url-set', changes: { meetingUrl: '(changed)' } },
    );
  }

  /** Locks the row for a change; the caller's transaction holds it until commit. */
  lockInScope(manager: EntityManager, id: string, scope: SessionScope): Promise<CoachingSessionEntity | null> {
    return this.scoped(scope, manager).andWhere('s.id = :id', { id }).setLock('pessimistic_write', undefined, ['s']).getOne();
  }

  /** The person's booked sessions (as coach or as newcomer) that start after `now`, locked for the caller's transaction. */
  lockFutureOf(
    manager: EntityManager,
    person: { kind: 'coach' | 'newcomer'; userId: string },
    now: Date,
  ): Promise<CoachingSessionEntity[]> {
    return this.scoped(person, manager)
      .andWhere(upcomingBooked('s', ':now'), { now })
      .orderBy('s.start_at', 'ASC')
      .setLock('pessimistic_write', undefined, ['s'])
      .getMany();
  }

  async endedWithoutOutcome(
    scope: AcademyScope,
    endedBefore: Date,
    academyId: string | undefined,
    page: Page,
  ): Promise<{ items: CoachingSessionEntity[]; total: number }> {
    // Open safeguarding flags too, urgent ones first, then concerns, then sessions awaiting their outcome.
    const openFlag = `SELECT r.concern FROM coach_report r WHERE r.session_id = s.id AND r.concern <> 'none' AND r.flag_closed_at IS NULL`;
    const query = this.scoped(scope)
      .addSelect(`CASE (${openFlag}) WHEN 'urgent' THEN 0 WHEN 'concern' THEN 1 ELSE 2 END`, 'attention_rank')
      .andWhere(`((s.status = 'booked' AND s.end_at < :endedBefore) OR EXISTS (${openFlag}))`, { endedBefore });
    if (academyId) query.andWhere('s.academy_id = :filterAcademyId', { filterAcademyId: academyId });
    // Many-to-one joins only, so LIMIT counts sessions; TypeORM's take/skip cannot order by a computed column.
    const [items, total] = await query
      .orderBy('attention_rank', 'ASC')
      .addOrderBy('s.end_at', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .limit(page.limit)
      .offset(page.offset)
      .getManyAndCount();
    return { items, total };
  }

  async list(scope: SessionScope, filter: SessionFilter, page: Page): Promise<{ items: CoachingSessionEntity[]; total: number }> {
    const query = this.scoped(scope);
    if (filter.status) query.andWhere('s.status = :status', { status: filter.status });
    if (filter.from) query.andWhere('s.start_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('s.start_at < :to', { to: filter.to });
    if (filter.coachId) query.andWhere('s.coach_id = :coachId', { coachId: filter.coachId });
    if (filter.academyId) query.andWhere('s.academy_id = :filterAcademyId', { filterAcademyId: filter.academyId });
    const [items, total] = await query
      .orderBy('s.start_at', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .take(page.limit)
      .skip(page.offset)
      .getManyAndCount();
    return { items, total };
  }

  reschedule(
    manager: EntityManager,
    session: CoachingSessionEntity,
    startAt: Date,
    endAt: Date,
    audit: Audit,
  ): Promise<CoachingSessionEntity> {
    return this.change(
      manager,
      session,
      {
        startAt,
        endAt,
        blockedStart: new Date(startAt.getTime() - session.bufferBeforeMinutes * 60_000),
        blockedEnd: new Date(endAt.getTime() + session.bufferAfterMinutes * 60_000),
        version: session.version + 1,
      },
      { ...audit, changes: { from: session.startAt.toISOString(), to: startAt.toISOString(), version: session.version + 1 } },
    );
  }

  cancel(
    manager: EntityManager,
    session: CoachingSessionEntity,
    actorId: string,
    reason: string | null,
    at: Date,
  ): Promise<CoachingSessionEntity> {
    return this.change(
      manager,
      session,
      { status: 'cancelled', cancellationReason: reason, cancelledBy: actorId, cancelledAt: at, version: session.version + 1 },
      { actorId, action: 'session.cancelled', changes: { status: 'cancelled', version: session.version + 1 } },
    );
  }

  recordAttendance(
    manager: EntityManager,
    session: CoachingSessionEntity,
    outcome: AttendanceOutcome,
    notes: string | null | undefined,
    audit: Audit,
    at: Date,
  ): Promise<CoachingSessionEntity> {
    return this.change(
      manager,
      session,
      { status: outcome, attendanceRecordedAt: at, ...(notes === undefined ? {} : { coachNotes: notes }) },
      // The notes are private free text: the log records that they changed, not what they say.
      { ...audit, changes: { status: outcome, ...(notes === undefined ? {} : { coachNotes: '(changed)' }) } },
    );
  }

  /** Writes one change to a session with its audit entry, and reads the session back with both people. */
  private async change(
    manager: EntityManager,
    session: CoachingSessionEntity,
    changes: QueryDeepPartialEntity<CoachingSessionEntity>,
    audit: Audit & Pick<AuditEntry, 'changes'>,
  ): Promise<CoachingSessionEntity> {
    await manager.update(CoachingSessionEntity, { id: session.id }, changes);
    await this.auditLog.append(manager, { ...audit, academyId: session.academyId, entityType: 'session', entityId: session.id });
    return this.loadWithPeople(manager, session.id);
  }

  private loadWithPeople(manager: EntityManager, id: string): Promise<CoachingSessionEntity> {
    return manager
      .getRepository(CoachingSessionEntity)
      .createQueryBuilder('s')
      .innerJoinAndSelect('s.coach', 'coach')
      .innerJoinAndSelect('s.newcomer', 'newcomer')
      .where('s.id = :id', { id })
      .getOneOrFail();
  }

  private scoped(scope: SessionScope, manager?: EntityManager): SelectQueryBuilder<CoachingSessionEntity> {
    const repository = manager ? manager.getRepository(CoachingSessionEntity) : this.sessions;
    const query = repository
      .createQueryBuilder('s')
      .innerJoinAndSelect('s.coach', 'coach')
      .innerJoinAndSelect('s.newcomer', 'newcomer')
      .where('TRUE');
    switch (scope.kind) {
      case 'all':
        break;
      case 'academy':
        query.andWhere('s.academy_id = :scopeAcademyId', { scopeAcademyId: scope.academyId });
        break;
      case 'newcomer':
        query.andWhere('s.newcomer_id = :scopeUserId', { scopeUserId: scope.userId });
        break;
      case 'coach':
        query.andWhere('s.coach_id = :scopeUserId', { scopeUserId: scope.userId });
        break;
    }
    return query;
  }
}
