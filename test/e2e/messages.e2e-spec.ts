import { OutboxWorker } from '@app/infrastructure';
import { Role } from '@app/shared';
import { bookingConfirmedEmail, enqueueEmails, refundEmail } from '../factories/emails.js';
import { createAdmin, createUser, signUpCustomer, SignedInUser, uniqueEmail } from '../factories/users.js';
import { FakeSmtpServer } from '../fakes/smtp-server.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

/**
 * GET /messages, the admin's view of outgoing e-mail: one sent, one refused by the mail server
 * (failed at once, with the server's answer as last error), one still queued. Admins filter and
 * page through it; everyone else is refused.
 */
describe('GET /messages (e2e)', () => {
  let smtp: FakeSmtpServer;
  let t: TestApp;
  let admin: SignedInUser;
  const recipient = uniqueEmail('log');
  const refused = uniqueEmail('refused');
  const later = uniqueEmail('later');

  beforeAll(async () => {
    smtp = await FakeSmtpServer.start();
    t = await startTestApp({ SMTP_URL: smtp.url, MAIL_WORKER_ENABLED: 'false' });
    admin = await createAdmin(t);
    smtp.rejectRecipients.add(refused);
    await enqueueEmails(t, bookingConfirmedEmail({ to: recipient, ticketCount: 1 }), refundEmail({ to: refused, template: 'refund-rejected' }));
    await t.app.get(OutboxWorker).drain();
    await enqueueEmails(t, refundEmail({ to: later, template: 'refund-requested' }));
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('lists the log newest first with status, attempts and last error', async () => {
    const res = await t.http().get('/api/v1/messages').set(admin.auth).expect(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.data.map((m: { to: string }) => m.to)).toEqual([later, refused, recipient]);
    const [queued, failed, sent] = res.body.data;
    expect(sent).toEqual({
      id: expect.any(String),
      to: recipient,
      template: 'booking-confirmed',
      subject: 'Your tickets for Lagos Jazz & Highlife Night',
      status: 'sent',
      attempts: 1,
      lastError: null,
      nextAttemptAt: null,
      sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      createdAt: expect.stringMatching(/Z$/),
    });
    expect(failed).toMatchObject({
      template: 'refund-rejected',
      status: 'failed',
      attempts: 1,
      sentAt: null,
      nextAttemptAt: null,
      subject: 'Your refund request for Lagos Jazz Night was declined',
    });
    expect(failed.lastError).toMatch(/550/);
    expect(queued).toMatchObject({ template: 'refund-requested', status: 'queued', attempts: 0, lastError: null, sentAt: null });
    expect(Date.parse(queued.nextAttemptAt)).not.toBeNaN();
  });

  it('filters by status, recipient (case-insensitive) and template', async () => {
    const get = async (query: Record<string, string>) =>
      (await t.http().get('/api/v1/messages').query(query).set(admin.auth).expect(200)).body.data.map((m: { to: string }) => m.to);
    expect(await get({ status: 'failed' })).toEqual([refused]);
    expect(await get({ status: 'sent' })).toEqual([recipient]);
    expect(await get({ status: 'queued' })).toEqual([later]);
    expect(await get({ to: recipient.toUpperCase() })).toEqual([recipient]);
    expect(await get({ template: 'refund-requested' })).toEqual([later]);
    expect(await get({ template: 'booking-confirmed', status: 'failed' })).toEqual([]);
  });

  it('pages with an opaque cursor, without duplicates', async () => {
    const first = await t.http().get('/api/v1/messages').query({ limit: 2 }).set(admin.auth).expect(200);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t.http().get('/api/v1/messages').query({ limit: 2, cursor: first.body.nextCursor }).set(admin.auth).expect(200);
    expect(second.body).toMatchObject({ nextCursor: null });
    expect([...first.body.data, ...second.body.data].map((m: { to: string }) => m.to)).toEqual([later, refused, recipient]);
  });

  it('refuses unknown filters and values with 400 naming each field', async () => {
    const res = await t
      .http()
      .get('/api/v1/messages')
      .query({ status: 'bounced', template: 'newsletter', to: 'not-an-address', limit: 0 })
      .set(admin.auth)
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['limit', 'status', 'template', 'to']);
  });

  it('is for admins only: viewer, scanner and customer get 403, anonymous 401', async () => {
    for (const user of [await createUser(t, [Role.Viewer]), await createUser(t, [Role.Scanner]), await signUpCustomer(t)]) {
      const res = await t.http().get('/api/v1/messages').set(user.auth);
      expect({ roles: user.roles, status: res.status, code: res.body.code }).toEqual({ roles: user.roles, status: 403, code: 'forbidden' });
    }
    const anonymous = await t.http().get('/api/v1/messages').expect(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
