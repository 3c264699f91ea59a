import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AcademyEntity } from '../entities';
import { AuditLogRepository } from './audit-log.repository';

@Injectable()
export class AcademiesRepository {
  constructor(
    @InjectRepository(AcademyEntity) private readonly academies: Repository<AcademyEntity>,
    private readonly auditLog: AuditLogRepository,
  ) {}

  /** Changes an academy's settings with an audit entry; null if there is no such academy. */
  update(id: string, changes: { phone?: string | null }, actorId: string): Promise<AcademyEntity | null> {
    return this.academies.manager.transaction(async (manager) => {
      const academy = await manager.getRepository(AcademyEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!academy) return null;
      if (Object.keys(changes).length > 0) {
        await manager.update(AcademyEntity, { id }, changes);
        await this.auditLog.append(manager, {
          actorId,
          academyId: id,
          action: 'academy.updated',
          entityType: 'academy',
          entityId: id,
          changes: { ...changes },
        });
      }
      return { ...academy, ...changes };
    });
  }

  list(): Promise<AcademyEntity[]> {
    return this.academies.find({ order: { name: 'ASC' } });
  }

  findById(id: string): Promise<AcademyEntity | null> {
    return this.academies.findOne({ where: { id } });
  }

  findBySlug(slug: string): Promise<AcademyEntity | null> {
    return this.academies.findOne({ where: { slug } });
  }
}
