import { Injectable } from '@nestjs/common';
import { AuditEntry, AuditFilter, AuditLog, AuditRecord, currentRequestContext, newId, Page, PageRequest } from '@app/shared';
import { DatabaseContext } from '../database-context.js';
import { fetchSqlPage, SqlConditions } from '../keyset.js';
import type { AuditLogsRow } from '../schema.js';

/** Maps an `audit_logs` row to the trail's record; `details` is the JSON object that {@link TypeOrmAuditLog.record} wrote. */
function toAuditRecord(row: AuditLogsRow): AuditRecord {
  return {
    id: row.id,
    actorId: row.actor_id,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    details: row.details as Record<string, unknown>,
    ip: row.ip,
    userAgent: row.user_agent,
    requestId: row.request_id,
    createdAt: row.created_at,
  };
}

/** Audit trail in `audit_logs`, written in the caller's transaction when there is one. */
@Injectable()
export class TypeOrmAuditLog extends AuditLog {
  constructor(private readonly db: DatabaseContext) {
    super();
  }

  /** Writes one entry with the current request's ip (cut to 64 characters), user agent (512) and request id. */
  async record(entry: AuditEntry): Promise<void> {
    const context = currentRequestContext();
    await this.db.sql(
      `INSERT INTO audit_logs (id, action, actor_id, entity_type, entity_id, details, ip, user_agent, request_id)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)`,
      [
        newId(),
        entry.action,
        entry.actorId ?? null,
        entry.entityType ?? null,
        entry.entityId ?? null,
        JSON.stringify(entry.details ?? {}),
        context?.ip?.slice(0, 64) ?? null,
        context?.userAgent?.slice(0, 512) ?? null,
        context?.requestId ?? null,
      ],
    );
  }

  /** One page of entries matching every given filter (`from` inclusive, `to` exclusive), newest first. */
  list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditRecord>> {
    const where = new SqlConditions();
    if (filter.actorId) where.and(`a.actor_id = ${where.param(filter.actorId)}`);
    if (filter.action) where.and(`a.action = ${where.param(filter.action)}`);
    if (filter.entityType) where.and(`a.entity_type = ${where.param(filter.entityType)}`);
    if (filter.entityId) where.and(`a.entity_id = ${where.param(filter.entityId)}`);
    if (filter.from) where.and(`a.created_at >= ${where.param(filter.from)}`);
    if (filter.to) where.and(`a.created_at < ${where.param(filter.to)}`);
    return fetchSqlPage<AuditLogsRow, AuditRecord>(
      this.db,
      `SELECT a.id, a.actor_id, a.action, a.entity_type, a.entity_id, a.details, a.ip, a.user_agent, a.request_id, a.created_at FROM audit_logs a`,
      'a.id',
      where,
      page,
      (rows) => rows.map(toAuditRecord),
    );
  }
}
