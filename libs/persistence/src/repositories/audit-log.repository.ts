import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuditLogEntity } from '../entities';

export interface AuditEntry {
  actorId: string | null;
  academyId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  changes?: Record<string, unknown>;
}

@Injectable()
export class AuditLogRepository {
  constructor(@InjectRepository(AuditLogEntity) private readonly entries: Repository<AuditLogEntity>) {}

  /** Appends inside the caller's transaction, so the change and its record commit together. */
  async append(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await manager.save(manager.create(AuditLogEntity, { ...entry, changes: entry.changes ?? {} }));
  }

  async listForEntity(entityId: string): Promise<AuditLogEntity[]> {
    return this.entries.find({ where: { entityId }, order: { createdAt: 'ASC' } });
  }
}
