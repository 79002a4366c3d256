import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { simpleParser } from 'mailparser';
import { bookingConfirmedEmail, enqueueEmails, messagesTo } from '../factories/emails.js';
import { attachmentNamed } from '../setup/mail.js';
import { decodeQrPng } from '../factories/tickets.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

/**
 * The embedded default, as a new user runs it: no SMTP_URL. The background worker picks up a
 * committed message by itself and writes exactly what would have been sent to
 * DATA_DIR/mail/<id>.eml, an RFC 5322 file that any mail client (and mailparser) opens.
 */
describe('e-mail without SMTP_URL: .eml files (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ MAIL_POLL_INTERVAL_MS: '50' });
  });
  afterAll(() => t?.close());

  it('the polling worker writes a committed booking confirmation to DATA_DIR/mail/<id>.eml and marks it sent', async () => {
    expect(t.config.SMTP_URL).toBeUndefined();
    expect(t.config.MAIL_WORKER_ENABLED).toBe(true);
    const message = bookingConfirmedEmail({ ticketCount: 1 });
    await enqueueEmails(t, message);
    const [queued] = await messagesTo(t, message.to);
    const file = join(t.config.DATA_DIR, 'mail', `${queued!.id}.eml`);

    const deadline = Date.now() + 10_000;
    while ((await messagesTo(t, message.to))[0]!.status !== 'sent') {
      if (Date.now() > deadline) throw new Error('the worker did not process the message');
      await sleep(50);
    }
    expect(existsSync(file)).toBe(true);
    expect(readdirSync(join(t.config.DATA_DIR, 'mail'))).toContain(`${queued!.id}.eml`);

    const raw = readFileSync(file);
    expect(raw.toString('latin1')).toMatch(/\r\n\r\n/); // CRLF line endings, as on the wire
    const mail = await simpleParser(raw, { keepCidLinks: true });
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]!.address : null).toBe(message.to);
    expect(mail.subject).toBe(`Your tickets for ${message.data.event.title}`);
    expect(mail.messageId).toBe(`<${queued!.id}@localhost>`);
    const [ticket] = message.data.tickets;
    expect(mail.text).toContain(ticket!.code);
    expect(decodeQrPng(attachmentNamed(mail.attachments, `qr-${ticket!.ticketId}.png`).content)).toBe(ticket!.qrPayload);
    attachmentNamed(mail.attachments, 'event.ics');
    expect(await messagesTo(t, message.to)).toEqual([expect.objectContaining({ status: 'sent', attempts: 1, lastError: null })]);
  });
});
