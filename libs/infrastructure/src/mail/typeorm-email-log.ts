import { Injectable } from '@nestjs/common';
import { EmailFilter, EmailLog, EmailRecord, EmailStatus, EmailTemplate, Page, PageRequest } from '@app/shared';
import { DatabaseContext } from '../persistence/database-context.js';
import { fetchPage } from '../persistence/keyset.js';
import { OutboxMessageOrmEntity } from './outbox-message.orm-entity.js';

/** Maps an outbox row to the log's record (`nextAttemptAt` only while queued). */
export function toEmailRecord(row: OutboxMessageOrmEntity): EmailRecord {
  const status = row.status as EmailStatus;
  return {
    id: row.id,
    to: row.to,
    template: row.template as EmailTemplate,
    subject: row.subject,
    status,
    attempts: row.attempts,
    lastError: row.lastError,
    nextAttemptAt: status === 'queued' ? row.nextAttemptAt : null,
    sentAt: row.sentAt,
    createdAt: row.createdAt,
  };
}

/** The outgoing log, newest first (keyset on the UUIDv7 id). */
@Injectable()
export class TypeOrmEmailLog extends EmailLog {
  constructor(private readonly db: DatabaseContext) {
    super();
  }

  list(filter: EmailFilter, page: PageRequest): Promise<Page<EmailRecord>> {
    const qb = this.db.manager.getRepository(OutboxMessageOrmEntity).createQueryBuilder('m');
    if (filter.status) qb.andWhere('m.status = :status', { status: filter.status });
    if (filter.template) qb.andWhere('m.template = :template', { template: filter.template });
    if (filter.to) qb.andWhere('lower(m.to) = lower(:to)', { to: filter.to.trim() });
    return fetchPage(qb, page, toEmailRecord);
  }
}
