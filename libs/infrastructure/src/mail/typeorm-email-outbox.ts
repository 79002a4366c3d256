import { Injectable } from '@nestjs/common';
import { EmailOutbox, EmailTemplate, newId, OutgoingEmail } from '@app/shared';
import { DatabaseContext } from '../persistence/database-context.js';
import { renderSubject } from './templates/index.js';

/**
 * The outbox in `outbox_messages`. `enqueue` is one INSERT on the caller's transaction (through
 * DatabaseContext), so the message commits or rolls back with the state change; the subject is
 * rendered now, for the log. A `dedupeKey` already present makes it a no-op
 * (`ON CONFLICT (dedupe_key) DO NOTHING`, which also holds against a concurrent transaction).
 */
@Injectable()
export class TypeOrmEmailOutbox extends EmailOutbox {
  constructor(private readonly db: DatabaseContext) {
    super();
  }

  /** @throws Error when `to` is not an address or `dedupeKey` is longer than 255 characters (programming errors). */
  async enqueue(message: OutgoingEmail): Promise<void> {
    const to = message.to.trim();
    if (!/^[^\s@]+@[^\s@]+$/.test(to) || to.length > 254) throw new Error(`Cannot enqueue an e-mail to an invalid address`);
    if (message.dedupeKey !== undefined && (message.dedupeKey.length === 0 || message.dedupeKey.length > 255)) {
      throw new Error('dedupeKey must be 1..255 characters');
    }
    const subject = renderSubject<EmailTemplate>(message.template, message.data);
    await this.db.sql(
      `INSERT INTO outbox_messages (id, "to", template, data, subject, dedupe_key)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6)
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [newId(), to, message.template, JSON.stringify(message.data), subject, message.dedupeKey ?? null],
    );
  }
}
