import { Injectable } from '@nestjs/common';
import { AuditEntry, AuditFilter, AuditLog, AuditRecord, currentRequestContext, newId, Page, PageRequest } from '@app/shared';
import { DatabaseContext } from '../database-context.js';
import { fetchPage } from '../keyset.js';
import { AuditLogOrmEntity } from './audit-log.orm-entity.js';

/** Audit trail in `audit_logs`, written in the caller's transaction when there is one. */
@Injectable()
export class TypeOrmAuditLog extends AuditLog {
  constructor(private readonly db: DatabaseContext) {
    super();
  }

  async record(entry: AuditEntry): Promise<void> {
    const context = currentRequestContext();
    await this.db.manager.getRepository(AuditLogOrmEntity).insert({
      id: newId(),
      action: entry.action,
      actorId: entry.actorId ?? null,
      entityType: entry.entityType ?? null,
      entityId: entry.entityId ?? null,
      // TypeORM serialises jsonb values itself; its deep-partial type just cannot express free JSON.
      details: (entry.details ?? {}) as never,
      ip: context?.ip?.slice(0, 64) ?? null,
      userAgent: context?.userAgent?.slice(0, 512) ?? null,
      requestId: context?.requestId ?? null,
    });
  }

  list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditRecord>> {
    const qb = this.db.manager.getRepository(AuditLogOrmEntity).createQueryBuilder('a');
    if (filter.actorId) qb.andWhere('a.actorId = :actorId', { actorId: filter.actorId });
    if (filter.action) qb.andWhere('a.action = :action', { action: filter.action });
    if (filter.entityType) qb.andWhere('a.entityType = :entityType', { entityType: filter.entityType });
    if (filter.entityId) qb.andWhere('a.entityId = :entityId', { entityId: filter.entityId });
    if (filter.from) qb.andWhere('a.createdAt >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('a.createdAt < :to', { to: filter.to });
    return fetchPage(qb, page, (row) => ({ ...row }));
  }
}
