import { setTimeout as sleep } from 'node:timers/promises';
import { createDataSource, MailOptions, OutboxWorker } from '@app/infrastructure';
import { EmailLog, EmailRecord } from '@app/shared';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createMailTransport } from '../../libs/infrastructure/src/mail/create-mail-transport.js';
import { MailTransport } from '../../libs/infrastructure/src/mail/mail-transport.js';
import { DatabaseContext } from '../../libs/infrastructure/src/persistence/database-context.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { enqueueEmails, refundEmail } from '../factories/emails.js';
import { uniqueEmail } from '../factories/users.js';
import { FakeSmtpServer } from '../fakes/smtp-server.js';
import { startTestApp, TestApp } from '../setup/test-app.js';
import { provisionTestDatabase, TestDatabase } from '../setup/test-database.js';

/**
 * Several senders on one outbox: the app's own polling worker, a second replica (on PostgreSQL
 * with its own connection pool, as another process would have) and concurrent `drain()` calls
 * race over the same messages, and each message reaches the SMTP server exactly once. Then the
 * application shuts down in the middle of a batch and finishes it first.
 */
describe('outbox workers: replicas and shutdown (e2e)', () => {
  let database: TestDatabase | null;
  let smtp: FakeSmtpServer;
  let t: TestApp;
  let replicaDataSource: DataSource | null = null;
  let replicaTransport: MailTransport | null = null;

  beforeAll(async () => {
    database = await provisionTestDatabase();
    smtp = await FakeSmtpServer.start();
    t = await startTestApp({ SMTP_URL: smtp.url, MAIL_WORKER_ENABLED: 'true', MAIL_POLL_INTERVAL_MS: '25' }, { database });
  });
  afterAll(async () => {
    await t?.close();
    await replicaTransport?.close();
    await replicaDataSource?.destroy();
    await smtp?.stop();
    await database?.drop();
  });

  /** Another replica's worker: its own pool on PostgreSQL (the embedded database has one connection to share), its own SMTP pool. */
  async function startReplica(): Promise<OutboxWorker> {
    const options = t.app.get(MailOptions);
    let db = t.app.get(DatabaseContext);
    if (database) {
      replicaDataSource = await createDataSource({ url: database.url, poolSize: 5, embeddedDir: '', migrationsRun: false, migrations: MIGRATIONS });
      await replicaDataSource.initialize();
      db = new DatabaseContext(replicaDataSource);
    }
    replicaTransport = createMailTransport(options);
    return new OutboxWorker(db, replicaTransport, { ...options, workerEnabled: false, batchSize: 7 });
  }

  async function records(recipients: string[]): Promise<EmailRecord[]> {
    const log = t.app.get(EmailLog);
    return (await Promise.all(recipients.map(async (to) => (await log.list({ to }, { limit: 10 })).data))).flat();
  }

  async function until(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await sleep(20);
    }
  }

  it('the polling worker, a second replica and concurrent drains deliver each of 50 messages exactly once', async () => {
    const replica = await startReplica();
    const primary = t.app.get(OutboxWorker);
    const recipients = Array.from({ length: 50 }, () => uniqueEmail('race'));
    await enqueueEmails(t, ...recipients.map((to) => refundEmail({ to })));

    // Everyone at once, on top of the app's poller (every 25 ms).
    const drained = await Promise.all([replica.drain(), primary.drain(), replica.drain(), primary.drain(), replica.drain()]);
    await smtp.waitFor(50, { timeoutMs: 30_000 });
    await until(async () => (await records(recipients)).every((r) => r.status === 'sent'));
    await sleep(200); // anything sent twice would arrive now

    for (const to of recipients) expect({ to, received: smtp.to(to).length }).toEqual({ to, received: 1 });
    const messageIds = smtp.received.filter((m) => recipients.includes(m.to[0]!)).map((m) => m.parsed.messageId);
    expect(new Set(messageIds).size).toBe(50);
    // Claimed once each: a second claim would have counted a second attempt.
    const rows = await records(recipients);
    expect(rows).toHaveLength(50);
    expect(rows.filter((r) => r.attempts !== 1 || r.status !== 'sent')).toEqual([]);
    expect(drained.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(50);
  });

  it('on shutdown the worker stops polling and finishes the batch in flight before the database closes', async () => {
    smtp.dataDelayMs = 300;
    const recipients = Array.from({ length: 5 }, () => uniqueEmail('shutdown'));
    const received = smtp.received.length;
    await enqueueEmails(t, ...recipients.map((to) => refundEmail({ to })));
    // The poller claims them (attempt 1) and starts sending, slowly.
    await until(async () => (await records(recipients)).every((r) => r.attempts === 1));
    expect(smtp.received.length - received).toBeLessThan(5);

    await t.close();
    // close() returned only after every claimed message was handed to the server.
    expect(recipients.map((to) => smtp.to(to).length)).toEqual([1, 1, 1, 1, 1]);
    if (database) {
      // And recorded as sent, not left leased (PostgreSQL: the database outlives the app).
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ status: string; locked_until: Date | null }>(
          `SELECT status, locked_until FROM outbox_messages WHERE "to" = ANY($1)`,
          [recipients],
        );
        expect(rows).toEqual(recipients.map(() => ({ status: 'sent', locked_until: null })));
      } finally {
        await client.end();
      }
    }
  });
});
