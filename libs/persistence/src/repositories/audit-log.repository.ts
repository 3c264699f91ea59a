import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLogEntity } from '../entities';
import { AcademyScope } from './academy-scope';

export interface AuditEntry {
  actorId: string | null;
  academyId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  changes?: Record<string, unknown>;
}

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  from?: Date;
  to?: Date;
}

/** Writes go inside the transaction of the change they record; reads are scoped by academy. */
@Injectable()
export class AuditLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Newest first (then by id), a keyset page: the entries after the entry
   * `page.after`, read from where that entry sits in the order, never counted
   * past with OFFSET. An academy scope sees only entries of that academy;
   * entries of no academy are admins' alone.
   */
  async list(scope: AcademyScope, filter: AuditFilter, page: { limit: number; after?: string }): Promise<AuditLogEntity[]> {
    const query = this.dataSource.getRepository(AuditLogEntity).createQueryBuilder('a').where('TRUE');
    if (scope.kind === 'academy') query.andWhere('a.academy_id = :scopeAcademyId', { scopeAcademyId: scope.academyId });
    if (filter.entityType) query.andWhere('a.entity_type = :entityType', { entityType: filter.entityType });
    if (filter.entityId) query.andWhere('a.entity_id = :entityId', { entityId: filter.entityId });
    if (filter.actorId) query.andWhere('a.actor_id = :actorId', { actorId: filter.actorId });
    if (filter.from) query.andWhere('a.created_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('a.created_at < :to', { to: filter.to });
    if (page.after) {
      // The cursor entry's own instant, at full precision; a cursor outside the scope finds nothing.
      const cursor = `SELECT c.created_at, c.id FROM audit_log c WHERE c.id = :after${scope.kind === 'academy' ? ' AND c.academy_id = :scopeAcademyId' : ''}`;
      query.andWhere(`(a.created_at, a.id) < (${cursor})`, { after: page.after });
    }
    return query.orderBy('a.created_at', 'DESC').addOrderBy('a.id', 'DESC').limit(page.limit).getMany();
  }

  /** Appends inside the caller's transaction, so the change and its record commit together. */
  async append(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await manager.query(
      'INSERT INTO audit_log (actor_id, academy_id, action, entity_type, entity_id, changes) VALUES ($1, $2, $3, $4, $5, $6)',
      [entry.actorId, entry.academyId, entry.action, entry.entityType, entry.entityId, JSON.stringify(entry.changes ?? {})],
    );
  }
}
