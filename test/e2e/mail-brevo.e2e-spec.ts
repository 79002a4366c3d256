import { setTimeout as sleep } from 'node:timers/promises';
import { OutboxWorker } from '@app/infrastructure';
import { bookingConfirmedEmail, enqueueEmails, messagesTo } from '../factories/emails.js';
import { BrevoMode, FakeBrevo } from '../fakes/fake-brevo.js';
import { FakeSmtpServer } from '../fakes/smtp-server.js';
import { parseIcsEvents } from '../setup/mail.js';
import { decodeQrPng } from '../factories/tickets.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

/**
 * MAIL_TRANSPORT=brevo: the outbox sends through a local fake of Brevo's transactional API, and
 * through a real SMTP server on loopback when Brevo does not take a message. Each message reaches
 * exactly one of them once, whatever Brevo does: answers an error, is unreachable, accepts and
 * cuts the connection, or hangs.
 */
describe('e-mail through Brevo with SMTP fallback (e2e)', () => {
  let brevo: FakeBrevo;
  let smtp: FakeSmtpServer;
  let t: TestApp;
  let worker: OutboxWorker;

  beforeAll(async () => {
    brevo = await FakeBrevo.start();
    smtp = await FakeSmtpServer.start();
    t = await startTestApp({
      MAIL_TRANSPORT: 'brevo',
      BREVO_API_KEY: brevo.apiKey,
      BREVO_API_URL: brevo.url,
      BREVO_TIMEOUT_MS: '500',
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Lagos Tickets <tickets@example.com>',
      MAIL_WORKER_ENABLED: 'false',
      MAIL_RETRY_BASE_SECONDS: '0.2',
      MAIL_MAX_ATTEMPTS: '6',
    });
    worker = t.app.get(OutboxWorker);
  });
  afterAll(async () => {
    await t?.close();
    await brevo?.stop();
    await smtp?.stop();
  });
  afterEach(async () => {
    brevo.mode = 'ok';
    await brevo.start();
    await smtp.start();
  });

  const status = async (to: string) => (await messagesTo(t, to)).map((m) => m.status);

  async function drainUntilSent(to: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await status(to))[0] !== 'sent') {
      if (Date.now() > deadline) throw new Error(`message to ${to} not sent: ${JSON.stringify(await messagesTo(t, to))}`);
      await worker.drain();
      await sleep(50);
    }
  }

  it('sends through Brevo: sender, recipient, both bodies, QR and calendar attachments, the outbox id as idempotency key; SMTP gets nothing', async () => {
    const message = bookingConfirmedEmail({ ticketCount: 2 });
    await enqueueEmails(t, message);
    await drainUntilSent(message.to);
    const [record] = await messagesTo(t, message.to);
    expect(record!.attempts).toBe(1);

    const [sent] = brevo.to(message.to);
    expect(brevo.to(message.to)).toHaveLength(1);
    expect(sent).toMatchObject({
      sender: { name: 'Lagos Tickets', email: 'tickets@example.com' },
      to: [{ email: message.to }],
      subject: `Your tickets for ${message.data.event.title}`,
    });
    expect(sent!.headers).toEqual({ 'Idempotency-Key': record!.id });
    for (const ticket of message.data.tickets) {
      expect(sent!.htmlContent).toContain(ticket.code);
      expect(sent!.textContent).toContain(ticket.code);
      // Brevo has no Content-ID images: the HTML names the attached QR instead of a broken cid: link.
      expect(sent!.htmlContent).not.toContain(`cid:qr-${ticket.ticketId}`);
      expect(sent!.htmlContent).toContain(`[qr-${ticket.ticketId}.png, attached]`);
      const png = sent!.attachment!.find((a) => a.name === `qr-${ticket.ticketId}.png`)!;
      expect(decodeQrPng(Buffer.from(png.content, 'base64'))).toBe(ticket.qrPayload);
    }
    const ics = sent!.attachment!.find((a) => a.name.endsWith('.ics'))!;
    expect(parseIcsEvents(Buffer.from(ics.content, 'base64').toString('utf8')).events).toHaveLength(1);
    await sleep(100);
    expect(smtp.to(message.to)).toEqual([]);
  });

  it.each<[string, BrevoMode | 'stopped']>([
    ['answers 503', 'down'],
    ['answers 429', 'rate_limited'],
    ['refuses the key (401)', 'unauthorized'],
    ['is unreachable', 'stopped'],
  ])('when Brevo %s, the message goes over SMTP at once, exactly once', async (_what, mode) => {
    if (mode === 'stopped') await brevo.stop();
    else brevo.mode = mode;
    const message = bookingConfirmedEmail();
    await enqueueEmails(t, message);
    await drainUntilSent(message.to);
    await worker.drain();
    const [record] = await messagesTo(t, message.to);
    expect(record).toMatchObject({ status: 'sent', attempts: 1 });
    const received = await smtp.waitFor(1, { to: message.to });
    await sleep(100);
    expect(smtp.to(message.to)).toHaveLength(1);
    expect(received[0]!.parsed.messageId).toBe(`<${record!.id}@example.com>`);
    expect(brevo.to(message.to)).toEqual([]);
  });

  it.each<[string, BrevoMode]>([
    ['accepts the message and cuts the connection', 'accept_then_cut'],
    ['never answers (timeout)', 'hang'],
  ])('when Brevo %s, SMTP is not used: the retry goes to Brevo with the same key and it is sent once', async (_what, mode) => {
    brevo.mode = mode;
    const message = bookingConfirmedEmail();
    await enqueueEmails(t, message);
    await worker.drain();
    const [afterFirst] = await messagesTo(t, message.to);
    expect(afterFirst).toMatchObject({ status: 'queued', attempts: 1 });
    expect(afterFirst!.lastError).toMatch(/Brevo unreachable/);
    expect(brevo.to(message.to)).toHaveLength(mode === 'accept_then_cut' ? 1 : 0);

    brevo.mode = 'ok';
    await drainUntilSent(message.to);
    expect(brevo.to(message.to)).toHaveLength(1);
    await sleep(100);
    expect(smtp.to(message.to)).toEqual([]);
  });

  it('with Brevo and SMTP both down the message waits, then goes out once when Brevo is back', async () => {
    brevo.mode = 'down';
    await smtp.stop();
    const message = bookingConfirmedEmail();
    await enqueueEmails(t, message);
    await worker.drain();
    const [waiting] = await messagesTo(t, message.to);
    expect(waiting).toMatchObject({ status: 'queued', attempts: 1 });
    expect(waiting!.lastError).toMatch(/ECONNREFUSED/);

    brevo.mode = 'ok';
    await drainUntilSent(message.to);
    expect(brevo.to(message.to)).toHaveLength(1);
    await smtp.start();
    await sleep(100);
    expect(smtp.to(message.to)).toEqual([]);
  });
});
