import { Injectable } from '@nestjs/common';
import { EmailFilter, EmailLog, EmailRecord, EmailStatus, EmailTemplate, Page, PageRequest } from '@app/shared';
import { DatabaseContext } from '../persistence/database-context.js';
import { fetchSqlPage, SqlConditions } from '../persistence/keyset.js';
import type { OutboxMessagesRow } from '../persistence/schema.js';

/** The columns of `outbox_messages` that the log shows. */
export type EmailLogRow = Pick<
  OutboxMessagesRow,
  'id' | 'to' | 'template' | 'subject' | 'status' | 'attempts' | 'last_error' | 'next_attempt_at' | 'sent_at' | 'created_at'
>;

/** Maps an outbox row to the log's record (`nextAttemptAt` only while queued). */
export function toEmailRecord(row: EmailLogRow): EmailRecord {
  const status = row.status as EmailStatus;
  return {
    id: row.id,
    to: row.to,
    template: row.template as EmailTemplate,
    subject: row.subject,
    status,
    attempts: row.attempts,
    lastError: row.last_error,
    nextAttemptAt: status === 'queued' ? row.next_attempt_at : null,
    sentAt: row.sent_at,
    createdAt: row.created_at,
  };
}

/** The outgoing log, newest first (keyset on the UUIDv7 id). */
@Injectable()
export class TypeOrmEmailLog extends EmailLog {
  constructor(private readonly db: DatabaseContext) {
    super();
  }

  /** One page of messages matching every given filter (`to` trimmed and compared case-insensitively). */
  list(filter: EmailFilter, page: PageRequest): Promise<Page<EmailRecord>> {
    const where = new SqlConditions();
    if (filter.status) where.and(`m.status = ${where.param(filter.status)}`);
    if (filter.template) where.and(`m.template = ${where.param(filter.template)}`);
    if (filter.to) where.and(`lower(m."to") = lower(${where.param(filter.to.trim())})`);
    return fetchSqlPage<EmailLogRow, EmailRecord>(
      this.db,
      `SELECT m.id, m."to", m.template, m.subject, m.status, m.attempts, m.last_error, m.next_attempt_at, m.sent_at, m.created_at FROM outbox_messages m`,
      'm.id',
      where,
      page,
      (rows) => rows.map(toEmailRecord),
    );
  }
}
