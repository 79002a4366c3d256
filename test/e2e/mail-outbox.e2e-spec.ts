import { setTimeout as sleep } from 'node:timers/promises';
import { MailOptions, OutboxWorker } from '@app/infrastructure';
import { EmailOutbox, Role, TransactionRunner } from '@app/shared';
import { UsersService } from '@app/users';
import { bookingConfirmedEmail, enqueueEmails, messagesTo, refundEmail } from '../factories/emails.js';
import { DEFAULT_PASSWORD, uniqueEmail } from '../factories/users.js';
import { FakeSmtpServer } from '../fakes/smtp-server.js';
import { attachmentNamed, parseIcsEvents } from '../setup/mail.js';
import { decodeQrPng } from '../factories/tickets.js';
import { startTestApp, TestApp } from '../setup/test-app.js';
import { MailMessage, MailTransport } from '../../libs/infrastructure/src/mail/mail-transport.js';
import { DatabaseContext } from '../../libs/infrastructure/src/persistence/database-context.js';

/**
 * The booking confirmation's journey through the outbox to a real SMTP server on loopback: it
 * exists only if its transaction commits, it is sent once, it carries what the buyer needs (QR
 * codes that scan to the ticket payload, codes, an .ics that calendars read), and an SMTP outage
 * delays it without touching the state change it belongs to. The worker is driven by hand
 * (`drain()`), so every step is observable.
 */
describe('e-mail outbox over SMTP (e2e)', () => {
  let smtp: FakeSmtpServer;
  let t: TestApp;
  let outbox: EmailOutbox;
  let transactions: TransactionRunner;
  let worker: OutboxWorker;

  beforeAll(async () => {
    smtp = await FakeSmtpServer.start();
    t = await startTestApp({ SMTP_URL: smtp.url, MAIL_WORKER_ENABLED: 'false', MAIL_RETRY_BASE_SECONDS: '0.2', MAIL_MAX_ATTEMPTS: '3' });
    outbox = t.app.get(EmailOutbox);
    transactions = t.app.get(TransactionRunner);
    worker = t.app.get(OutboxWorker);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });
  afterEach(async () => {
    await smtp.start(); // a test that cut the server leaves it running for the next
    smtp.rejectRecipients.clear();
  });

  /** Drains until `predicate` holds or `timeoutMs` passes (retries become due after their backoff). */
  async function drainUntil(predicate: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await predicate())) {
      if (Date.now() > deadline) throw new Error('condition not reached while draining the outbox');
      await worker.drain();
      await sleep(50);
    }
  }

  it('a message enqueued in a transaction that rolls back is neither stored nor sent', async () => {
    const message = bookingConfirmedEmail();
    await expect(
      transactions.run(async () => {
        await outbox.enqueue(message);
        throw new Error('payment confirmation failed after the e-mail was queued');
      }),
    ).rejects.toThrow('payment confirmation failed');

    expect(await messagesTo(t, message.to)).toEqual([]);
    await worker.drain();
    expect(smtp.to(message.to)).toEqual([]);
  });

  it('a committed booking confirmation is sent exactly once, with HTML and text, scannable QR codes and a calendar event', async () => {
    const message = bookingConfirmedEmail({ ticketCount: 2 });
    const { event, tickets } = message.data;
    await enqueueEmails(t, message);

    const [queued] = await messagesTo(t, message.to);
    expect(queued).toMatchObject({ template: 'booking-confirmed', status: 'queued', attempts: 0, subject: `Your tickets for ${event.title}`, sentAt: null });

    await worker.drain();
    await worker.drain(); // nothing left: a second drain must not send it again
    const received = await smtp.waitFor(1, { to: message.to });
    await sleep(100);
    expect(smtp.to(message.to)).toHaveLength(1);

    const [sent] = await messagesTo(t, message.to);
    expect(sent).toMatchObject({ id: queued!.id, status: 'sent', attempts: 1, lastError: null, nextAttemptAt: null });
    expect(sent!.sentAt).toBeInstanceOf(Date);

    const mail = received[0]!.parsed;
    expect(mail.subject).toBe(`Your tickets for ${event.title}`);
    expect(mail.from?.value[0]).toMatchObject({ address: 'no-reply@localhost', name: 'Ticketing' });
    expect(mail.messageId).toBe(`<${queued!.id}@localhost>`);

    // Both alternatives name every ticket code and the event; the HTML escapes the title's "&".
    const html = String(mail.html);
    expect(html).toContain('Lagos Jazz &amp; Highlife Night');
    expect(html).not.toContain('Jazz & Highlife');
    for (const ticket of tickets) {
      expect(html).toContain(ticket.code);
      expect(mail.text).toContain(ticket.code);
      expect(html).toContain(`src="cid:qr-${ticket.ticketId}"`);
    }
    expect(mail.text).toContain(event.title);
    expect(mail.text).toContain('NGN 30,000.00');

    // One inline QR PNG per ticket, decoding to exactly the ticket's payload.
    for (const ticket of tickets) {
      const png = attachmentNamed(mail.attachments, `qr-${ticket.ticketId}.png`);
      expect(png.contentType).toBe('image/png');
      expect(png.cid).toBe(`qr-${ticket.ticketId}`);
      expect(decodeQrPng(png.content)).toBe(ticket.qrPayload);
    }

    // event.ics: one VEVENT with the event's UTC times, parsed by an independent RFC 5545 parser.
    const ics = attachmentNamed(mail.attachments, 'event.ics');
    expect(ics.contentType).toBe('text/calendar');
    const text = ics.content.toString('utf8');
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const { events } = parseIcsEvents(text);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      uid: `booking-${message.data.bookingId}@ticketing`,
      summary: event.title,
      location: event.venue,
      startZone: 'UTC',
      endZone: 'UTC',
    });
    expect(events[0]!.start.toISOString()).toBe(event.startsAt.toISOString());
    expect(events[0]!.end.toISOString()).toBe(event.endsAt.toISOString());
    for (const ticket of tickets) expect(events[0]!.description).toContain(ticket.code);
  });

  it('a dedupeKey is queued once, however often and however concurrently it is enqueued', async () => {
    const to = uniqueEmail('dedupe');
    const dedupeKey = `booking-confirmed:${to}`;
    // Twice in one transaction, then twice more in concurrent transactions.
    await enqueueEmails(t, bookingConfirmedEmail({ to, dedupeKey }), bookingConfirmedEmail({ to, dedupeKey }));
    await Promise.all([enqueueEmails(t, bookingConfirmedEmail({ to, dedupeKey })), enqueueEmails(t, bookingConfirmedEmail({ to, dedupeKey }))]);
    expect(await messagesTo(t, to)).toHaveLength(1);

    await worker.drain();
    await smtp.waitFor(1, { to });
    // Enqueueing the key after it was sent is still a no-op.
    await enqueueEmails(t, bookingConfirmedEmail({ to, dedupeKey }));
    await worker.drain();
    await sleep(100);
    expect(smtp.to(to)).toHaveLength(1);
    expect(await messagesTo(t, to)).toEqual([expect.objectContaining({ status: 'sent', attempts: 1 })]);
  });

  it('SMTP down: the state change commits, the message waits with its error, and is sent once the server is back', async () => {
    await smtp.stop();
    const email = uniqueEmail('outage');
    await transactions.run(async () => {
      await t.app.get(UsersService).create(null, { email, password: DEFAULT_PASSWORD, name: 'Outage Buyer', roles: [Role.Customer] });
      await outbox.enqueue(bookingConfirmedEmail({ to: email }));
    });

    expect(await worker.drain()).toBe(0);
    // The state change is there regardless of the mail server.
    expect((await t.app.get(UsersService).list({ q: email }, { limit: 5 })).data).toEqual([expect.objectContaining({ email, name: 'Outage Buyer' })]);
    const [waiting] = await messagesTo(t, email);
    expect(waiting).toMatchObject({ status: 'queued', attempts: 1 });
    expect(waiting!.lastError).toMatch(/ECONNREFUSED|ECONNECTION/);
    // Backed off: the next attempt is in the future (0.1-0.2 s with a 0.2 s base), not now.
    expect(waiting!.nextAttemptAt!.getTime()).toBeGreaterThan(waiting!.createdAt.getTime());

    await smtp.start();
    await drainUntil(async () => (await messagesTo(t, email))[0]!.status === 'sent');
    const [sent] = await messagesTo(t, email);
    expect(sent).toMatchObject({ status: 'sent', attempts: 2 });
    expect(sent!.lastError).toMatch(/ECONNREFUSED|ECONNECTION/); // the history of the failed attempt stays visible
    await sleep(100);
    expect(smtp.to(email)).toHaveLength(1);
  });

  it(`after MAIL_MAX_ATTEMPTS failed attempts the message is failed and never retried`, async () => {
    await smtp.stop();
    const [message] = await enqueueEmails(t, refundEmail());
    await drainUntil(async () => (await messagesTo(t, message!.to))[0]!.status === 'failed');
    const [failed] = await messagesTo(t, message!.to);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, nextAttemptAt: null, sentAt: null });
    expect(failed!.lastError).toMatch(/ECONNREFUSED|ECONNECTION/);

    await smtp.start();
    await sleep(300);
    await worker.drain();
    expect(smtp.to(message!.to)).toEqual([]);
    expect((await messagesTo(t, message!.to))[0]).toMatchObject({ status: 'failed', attempts: 3 });
  });

  it('a permanent rejection (550 at RCPT TO) fails the message at once, without retries', async () => {
    const [message] = await enqueueEmails(t, refundEmail());
    smtp.rejectRecipients.add(message!.to);
    expect(await worker.drain()).toBe(0);
    const [failed] = await messagesTo(t, message!.to);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed!.lastError).toMatch(/550/);
  });

  it('a database error recording one delivery fails the drain only once the rest of its batch is settled, and stop() waits for those sends', async () => {
    const [broken, slow] = await enqueueEmails(t, refundEmail(), refundEmail());
    // A transport that holds the slow recipient's send until released, and a database whose
    // "sent" update of the broken recipient's message fails (as a lost connection would).
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const delivered: string[] = [];
    class HeldTransport extends MailTransport {
      async send(message: MailMessage): Promise<string> {
        if (message.to === slow!.to) await held;
        delivered.push(message.to);
        return 'ok';
      }
      close(): void {}
    }
    const real = t.app.get(DatabaseContext);
    const [brokenRow] = await messagesTo(t, broken!.to);
    let failedUpdates = 0;
    const db = Object.create(real, {
      sql: {
        value: (text: string, params: unknown[] = []) => {
          if (text.includes(`SET status = 'sent'`) && params[0] === brokenRow!.id) {
            failedUpdates++;
            return Promise.reject(new Error('Connection terminated unexpectedly'));
          }
          return real.sql(text, params);
        },
      },
    }) as DatabaseContext;
    const ownWorker = new OutboxWorker(db, new HeldTransport(), { ...t.app.get(MailOptions), workerEnabled: false, batchSize: 100 });

    const drained = ownWorker.drain().then(
      () => null,
      (error: Error) => error,
    );
    for (let i = 0; i < 200 && failedUpdates === 0; i++) await sleep(10);
    expect(failedUpdates).toBe(1);
    let stopped = false;
    const stopping = ownWorker.stop().then(() => (stopped = true));
    await sleep(200);
    // The slow send is still in flight: neither the drain nor stop() may be over.
    expect(stopped).toBe(false);
    expect(delivered).not.toContain(slow!.to);

    release();
    await stopping;
    // stop() returned after the slow message was sent and recorded; the drain reports the database error.
    expect(delivered).toEqual(expect.arrayContaining([broken!.to, slow!.to]));
    expect((await messagesTo(t, slow!.to))[0]).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await drained).toMatchObject({ message: 'Connection terminated unexpectedly' });
    // The unrecorded one stays leased (retried after its lease), never marked sent by mistake.
    expect((await messagesTo(t, broken!.to))[0]).toMatchObject({ status: 'queued', attempts: 1 });
  });
});
