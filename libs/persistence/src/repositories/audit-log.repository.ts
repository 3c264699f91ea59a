import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface AuditEntry {
  actorId: string | null;
  academyId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  changes?: Record<string, unknown>;
}

@Injectable()
/** Writes only, and always inside the transaction of the change it records. */
export class AuditLogRepository {
  /** Appends inside the caller's transaction, so the change and its record commit together. */
  async append(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await manager.query(
      'INSERT INTO audit_log (actor_id, academy_id, action, entity_type, entity_id, changes) VALUES ($1, $2, $3, $4, $5, $6)',
      [entry.actorId, entry.academyId, entry.action, entry.entityType, entry.entityId, JSON.stringify(entry.changes ?? {})],
    );
  }
}
