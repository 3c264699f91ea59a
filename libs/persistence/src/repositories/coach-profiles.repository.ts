import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { CoachProfileEntity, CoachStatus } from '../entities';
import { AcademyScope } from './academy-scope';
import { lockCoachProfile } from './coach-profile-lock';
import { AuditEntry, AuditLogRepository } from './audit-log.repository';
import { Page } from './users.repository';
import { noteCoachChanged } from './waiting-list-outbox';

export interface CoachFilter {
  language?: string;
  topic?: string;
  academyId?: string;
  activeOnly: boolean;
  coachId?: string;
}

/** An audit entry about a coach's profile: the repository fills in what it is about. */
export type CoachAudit = Omit<AuditEntry, 'entityType' | 'entityId'>;

/** A coach's profile: finding and listing coaches, creating and editing the profile, its status, and its lock. */
@Injectable()
export class CoachProfilesRepository {
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

  /** Ids only, in id order after `afterId` (a keyset page), for slot search: the schedules are loaded in bulk afterwards. */
  async listIds(scope: AcademyScope, filter: CoachFilter, limit: number, afterId?: string): Promise<string[]> {
    const query = this.scoped(scope, filter).select('p.user_id', 'id');
    if (afterId) query.andWhere('p.user_id > :afterId', { afterId });
    const rows = await query.orderBy('p.user_id').limit(limit).getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  async create(profile: Partial<CoachProfileEntity> & { userId: string }, audit: CoachAudit): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(CoachProfileEntity, profile);
      await this.auditLog.append(manager, { ...audit, entityType: 'coach_profile', entityId: profile.userId, changes: describe(profile) });
      await noteCoachChanged(manager, profile.userId);
    });
  }

  async update(coachId: string, changes: Partial<CoachProfileEntity>, audit: CoachAudit): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.lockProfile(manager, coachId);
      await manager.update(CoachProfileEntity, { userId: coachId }, changes);
      await this.auditLog.append(manager, { ...audit, entityType: 'coach_profile', entityId: coachId, changes: describe(changes) });
      await noteCoachChanged(manager, coachId);
    });
  }

  /**
   * Locks the profile for a lifecycle change, in the scope. Bookings for the
   * coach take the same lock, so none slips in between the change and its commit.
   */
  async lockStatus(
    manager: EntityManager,
    coachId: string,
    scope: AcademyScope,
  ): Promise<{ status: CoachStatus; academyId: string } | null> {
    const rows: Array<{ status: CoachStatus; academy_id: string }> = await manager.query(
      `SELECT p.status, u.academy_id FROM coach_profile p JOIN app_user u ON u.id = p.user_id
        WHERE p.user_id = $1 AND u.role = 'coach' AND ($2::uuid IS NULL OR u.academy_id = $2::uuid) FOR UPDATE OF p`,
      [coachId, scope.kind === 'academy' ? scope.academyId : null],
    );
    return rows[0] ? { status: rows[0].status, academyId: rows[0].academy_id } : null;
  }

  async setStatus(manager: EntityManager, coachId: string, from: CoachStatus, to: CoachStatus, audit: CoachAudit): Promise<void> {
    await manager.update(CoachProfileEntity, { userId: coachId }, { status: to });
    await this.auditLog.append(manager, { ...audit, entityType: 'coach_profile', entityId: coachId, changes: { status: { from, to } } });
    // Activation and a return from a pause both arrive here.
    if (to === 'active') await noteCoachChanged(manager, coachId);
  }

  /**
   * The lock bookings, reschedules, every change to what a coach offers (weekly hours, overrides,
   * time off, policy) and status changes take first, so they queue in one order.
   */
  lockProfile(manager: EntityManager, coachId: string): Promise<void> {
    return lockCoachProfile(manager, coachId);
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

function describe(changes: Partial<CoachProfileEntity>): Record<string, unknown> {
  // Bio is free text the coach wrote about themselves; the audit log records that it changed, not its words.
  const { bio, user: _user, createdAt: _c, updatedAt: _u, ...rest } = changes;
  return bio === undefined ? rest : { ...rest, bio: '(changed)' };
}
