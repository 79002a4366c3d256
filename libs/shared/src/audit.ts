import type { Page, PageRequest } from './pagination.js';

/** One audit entry to write. `details` is free JSON; never put secrets or password hashes in it. */
export interface AuditEntry {
  action: string;
  actorId?: string | null;
  entityType?: string;
  entityId?: string;
  details?: Record<string, unknown>;
}

/** A stored audit entry: the entry plus where it came from (ip, user agent, request id) and when. */
export interface AuditRecord extends Required<Pick<AuditEntry, 'action'>> {
  id: string;
  actorId: string | null;
  entityType: string | null;
  entityId: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  createdAt: Date;
}

export interface AuditFilter {
  actorId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  from?: Date;
  to?: Date;
}

/**
 * The audit trail: every state-changing staff action and security event. `record` joins the
 * current transaction, so an audited change and its entry commit or roll back together; ip,
 * user agent and request id come from the current request context.
 */
export abstract class AuditLog {
  abstract record(entry: AuditEntry): Promise<void>;
  abstract list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditRecord>>;
}
