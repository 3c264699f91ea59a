import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AuditLogRepository } from '@app/persistence';
import { type Actor } from '../auth/actor';
import { ForeignIds } from '../common/academy/foreign-ids.service';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';
import { AuditPolicy } from './audit.policy';
import { type AuditLogQuery, type AuditPageResponse } from './dto/audit.dto';

/** Who changed what, and when. Coordinators read their own academy's entries; admins read all of them. */
@Injectable()
export class AuditService {
  constructor(
    private readonly auditLog: AuditLogRepository,
    private readonly foreignIds: ForeignIds,
  ) {}

  /** A keyset page, newest first; entry times in the reader's zone. */
  async list(actor: Actor, query: AuditLogQuery): Promise<AuditPageResponse> {
    const scope = AuditPolicy.scopeOf(actor, query.academyId);
    await this.foreignIds.assertOwnAcademy(actor, { entityId: query.entityId, actorId: query.actorId });
    const from = query.from ? DateTime.fromISO(query.from).toJSDate() : undefined;
    const to = query.to ? DateTime.fromISO(query.to).toJSDate() : undefined;
    if (from && to && to <= from) throw ApiException.field(ErrorCode.ValidationFailed, 'to', 'must be after from');
    // One more than a page, to know whether another follows.
    const found = await this.auditLog.list(
      scope,
      { entityType: query.entityType, entityId: query.entityId, actorId: query.actorId, from, to },
      { limit: query.limit + 1, after: query.cursor },
    );
    const items = found.slice(0, query.limit);
    return {
      items: items.map((e) => ({
        id: e.id,
        at: DateTime.fromJSDate(e.createdAt, { zone: actor.timeZone }).toISO()!,
        actorId: e.actorId,
        academyId: e.academyId,
        action: e.action,
        entityType: e.entityType,
        entityId: e.entityId,
        changes: e.changes,
      })),
      limit: query.limit,
      nextCursor: found.length > query.limit ? items[items.length - 1].id : null,
    };
  }
}
