import { Role } from '@app/shared';
import { OutboxWorker } from '@app/infrastructure';
import { book, createEvent, CreatedEvent } from '../factories/events.js';
import { tinyPdf, tinyPng } from '../factories/files.js';
import { startPayment } from '../factories/payments.js';
import { createAdmin, createUser, signUpCustomer, SignedInUser } from '../factories/users.js';
import { FakeSmtpServer } from '../fakes/smtp-server.js';
import { expectConsistentLedger, query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

/** Manual payments (bank transfer, mobile money): proof upload, staff review, e-mails; and the event's payment QR. */
describe('manual payments and proofs (e2e)', () => {
  let t: TestApp;
  let smtp: FakeSmtpServer;
  let admin: SignedInUser;
  let viewer: SignedInUser;
  let buyer: SignedInUser;
  let stranger: SignedInUser;
  let event: CreatedEvent;

  beforeAll(async () => {
    smtp = await FakeSmtpServer.start();
    t = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_WORKER_ENABLED: 'false', JOBS_ENABLED: 'false' });
    admin = await createAdmin(t);
    viewer = await createUser(t, [Role.Viewer]);
    buyer = await signUpCustomer(t, { name: 'Bank Payer' });
    stranger = await signUpCustomer(t);
    event = await createEvent(t, admin, { capacity: 20, startsInHours: 2, ticketTypes: [{ name: 'Regular', price: 250000, quantity: 20 }] });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const manualPayment = async (quantity = 1) => {
    const booking = (await book(t, buyer, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity }]).expect(201)).body;
    const payment = (await startPayment(t, buyer, booking.id, 'manual').expect(201)).body;
    return { booking, payment };
  };
  const upload = (paymentId: string, data: Buffer, filename: string, user = buyer) =>
    t.http().post(`/api/v1/payments/${paymentId}/proof`).set(user.auth).attach('file', data, filename);

  it('takes a real proof (by its bytes), refuses a renamed text file and an oversized file, and serves the proof to its owner and staff only', async () => {
    const { payment } = await manualPayment();
    expect(payment).toMatchObject({ provider: 'manual', status: 'pending', authorizationUrl: null });

    const text = await upload(payment.id, Buffer.from('this is not an image at all, just text'), 'receipt.png').expect(400);
    expect(text.body.code).toBe('unsupported_file_type');
    const big = await upload(payment.id, Buffer.alloc(6 * 1024 * 1024, 0xff), 'huge.png').expect(413);
    expect(big.body.code).toBe('file_too_large');
    await upload(payment.id, await tinyPng(), 'receipt.png', stranger).expect(404);
    const before = (await t.http().get(`/api/v1/payments/${payment.id}`).set(buyer.auth).expect(200)).body;
    expect(before.status).toBe('pending');

    const png = await tinyPng('transfer ref 42');
    const uploaded = await upload(payment.id, png, 'receipt.png').expect(200);
    expect(uploaded.body).toMatchObject({ status: 'awaiting_review', proof: { contentType: 'image/png', size: png.length } });
    const own = await t
      .http()
      .get(`/api/v1/payments/${payment.id}/proof`)
      .set(buyer.auth)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(own.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(own.body as Buffer, png)).toBe(0);
    // A customer's file, served so that no browser runs it as the API's origin: a download, not sniffed, sandboxed.
    expect(own.headers['content-disposition']).toBe(`attachment; filename="payment-proof-${payment.id}.png"`);
    expect(own.headers['x-content-type-options']).toBe('nosniff');
    expect(own.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    await t.http().get(`/api/v1/payments/${payment.id}/proof`).set(viewer.auth).expect(200);
    await t.http().get(`/api/v1/payments/${payment.id}/proof`).set(stranger.auth).expect(404);

    // A PDF replaces the image.
    const pdf = await upload(payment.id, tinyPdf(), 'receipt.pdf').expect(200);
    expect(pdf.body.proof.contentType).toBe('application/pdf');
    const served = await t.http().get(`/api/v1/payments/${payment.id}/proof`).set(viewer.auth).expect(200);
    expect(served.headers['content-type']).toBe('application/pdf');
    expect(served.headers['content-disposition']).toBe(`attachment; filename="payment-proof-${payment.id}.pdf"`);
    expect(served.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
  });

  it("the payment's owner uploads its proof whatever their role (an admin who booked for themselves too); another admin gets 404, a viewer 403", async () => {
    const booking = (await book(t, admin, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 1 }]).expect(201)).body;
    expect(booking.userId).toBe(admin.id);
    const payment = (await startPayment(t, admin, booking.id, 'manual').expect(201)).body;
    const otherAdmin = await createAdmin(t);
    expect((await upload(payment.id, await tinyPng(), 'receipt.png', otherAdmin).expect(404)).body.code).toBe('payment_not_found');
    await upload(payment.id, await tinyPng(), 'receipt.png', viewer).expect(403);
    expect((await upload(payment.id, await tinyPng(), 'receipt.png', admin).expect(200)).body).toMatchObject({ id: payment.id, status: 'awaiting_review' });
  });

  it('approval confirms the booking, issues the tickets and e-mails them; it is audited', async () => {
    const { booking, payment } = await manualPayment(2);
    await upload(payment.id, await tinyPng(), 'receipt.png').expect(200);
    // There is no provider to ask about a manual payment: staff review it.
    const verify = await t.http().get(`/api/v1/payments/verify/${payment.reference}`).set(buyer.auth).expect(422);
    expect(verify.body.code).toBe('payment_verification_not_supported');
    await t.http().post(`/api/v1/payments/${payment.id}/approve`).set(buyer.auth).expect(403);
    await t.http().post(`/api/v1/payments/${payment.id}/approve`).set(viewer.auth).expect(403);
    const approved = await t.http().post(`/api/v1/payments/${payment.id}/approve`).set(admin.auth).expect(200);
    expect(approved.body).toMatchObject({ status: 'succeeded', paidAt: expect.any(String) });
    const confirmed = await t.http().get(`/api/v1/bookings/${booking.id}`).set(buyer.auth).expect(200);
    expect(confirmed.body.status).toBe('confirmed');
    const [{ n }] = await query<{ n: string }>(t, 'SELECT count(*) AS n FROM tickets WHERE booking_id = $1', [booking.id]);
    expect(Number(n)).toBe(2);
    await t.http().post(`/api/v1/payments/${payment.id}/approve`).set(admin.auth).expect(409);
    await t.app.get(OutboxWorker).drain();
    const mails = await smtp.waitFor(1, { to: buyer.email });
    expect(mails.some((m) => m.parsed.attachments.filter((a) => a.contentType === 'image/png').length === 2)).toBe(true);
    const audit = await t.http().get('/api/v1/audit-logs').query({ action: 'payment.approved', entityId: payment.id }).set(admin.auth).expect(200);
    expect(audit.body.data[0]).toMatchObject({ actorId: admin.id });
    await expectConsistentLedger(t, event.id);
  });

  it("an admin starting a payment of a customer's booking is audited (a staff change); the buyer paying their own is not", async () => {
    const booking = (await book(t, buyer, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 1 }]).expect(201)).body;
    const own = (await startPayment(t, buyer, booking.id, 'manual').expect(201)).body;
    const byAdmin = (await startPayment(t, admin, booking.id, 'manual').expect(201)).body;
    expect(byAdmin).toMatchObject({ bookingId: booking.id, userId: buyer.id, status: 'pending' });
    const audit = async (entityId: string) =>
      (await t.http().get('/api/v1/audit-logs').query({ entityType: 'payment', entityId }).set(admin.auth).expect(200)).body.data as {
        action: string;
        actorId: string;
        details: object;
      }[];
    expect(await audit(own.id)).toEqual([]);
    expect(await audit(byAdmin.id)).toEqual([
      expect.objectContaining({
        action: 'payment.started_for_user',
        actorId: admin.id,
        details: { bookingId: booking.id, userId: buyer.id, provider: 'manual', amount: 250000 },
      }),
    ]);
  });

  it('rejection fails the payment, e-mails the reason, and leaves the booking payable', async () => {
    const { booking, payment } = await manualPayment();
    await upload(payment.id, await tinyPng(), 'receipt.png').expect(200);
    await t.http().post(`/api/v1/payments/${payment.id}/reject`).set(admin.auth).send({}).expect(400);
    const rejected = await t.http().post(`/api/v1/payments/${payment.id}/reject`).set(admin.auth).send({ reason: 'The transfer never arrived.' }).expect(200);
    expect(rejected.body).toMatchObject({ status: 'failed', failureReason: 'The transfer never arrived.' });
    expect((await t.http().get(`/api/v1/bookings/${booking.id}`).set(buyer.auth).expect(200)).body.status).toBe('pending_payment');
    await upload(payment.id, await tinyPng(), 'again.png').expect(409);
    await t.app.get(OutboxWorker).drain();
    const mail = (await smtp.waitFor(1, { to: buyer.email })).find((m) => m.parsed.text?.includes('The transfer never arrived.'));
    expect(mail).toBeDefined();
    // Still payable: a new manual payment can be started.
    await startPayment(t, buyer, booking.id, 'manual').expect(201);
    const audit = await t.http().get('/api/v1/audit-logs').query({ action: 'payment.rejected', entityId: payment.id }).set(admin.auth).expect(200);
    expect(audit.body.data[0].details).toMatchObject({ reason: 'The transfer never arrived.' });
  });

  it("manual payments carry the organisation's instructions (defaults, then the saved ones), the rejection e-mail repeats them and the footer names the organisation", async () => {
    const defaults = (await t.http().get('/api/v1/settings').expect(200)).body;
    const first = await manualPayment();
    expect(first.payment.instructions).toBe(defaults.manualPaymentInstructions);
    expect(first.payment.instructions).toMatch(/\S/);

    const instructions = 'Pay to Zenith 1234567890 (Demo Org).\nQuote your payment reference.';
    await t
      .http()
      .put('/api/v1/settings')
      .set(admin.auth)
      .send({
        name: 'Demo Org Ltd',
        supportEmail: 'help@demo.example',
        defaultCurrency: 'NGN',
        defaultTimezone: 'Africa/Lagos',
        manualPaymentInstructions: instructions,
      })
      .expect(200);
    const { payment } = await manualPayment();
    expect(payment.instructions).toBe(instructions);
    expect((await t.http().get(`/api/v1/payments/${payment.id}`).set(buyer.auth).expect(200)).body.instructions).toBe(instructions);
    const listed = (await t.http().get('/api/v1/payments').query({ provider: 'manual' }).set(viewer.auth).expect(200)).body.data;
    expect(listed.length).toBeGreaterThan(0);
    for (const p of listed) expect(p.instructions).toBe(instructions);

    await upload(payment.id, await tinyPng(), 'receipt.png').expect(200);
    await t.http().post(`/api/v1/payments/${payment.id}/reject`).set(admin.auth).send({ reason: 'Wrong amount sent.' }).expect(200);
    await t.app.get(OutboxWorker).drain();
    const mail = (await smtp.waitFor(1, { to: buyer.email })).find((m) => m.parsed.text?.includes('Wrong amount sent.'));
    expect(mail).toBeDefined();
    expect(mail!.parsed.text).toContain('How to pay:');
    expect(mail!.parsed.text).toContain(instructions);
    expect(String(mail!.parsed.html)).toContain('Pay to Zenith 1234567890 (Demo Org).');
    expect(mail!.parsed.text).toContain('This is an automated message from Demo Org Ltd about your tickets.');
    expect(String(mail!.parsed.html)).toContain('This is an automated message from Demo Org Ltd about your tickets.');
  });

  it('the event payment QR: admin sets it, anyone fetches it, only images are taken', async () => {
    const png = await tinyPng('Pay to 0123456789, GT Bank');
    await t.http().put(`/api/v1/events/${event.id}/payment-qr`).set(buyer.auth).attach('file', png, 'qr.png').expect(403);
    await t.http().get(`/api/v1/events/${event.id}/payment-qr`).expect(404);
    await t.http().put(`/api/v1/events/${event.id}/payment-qr`).set(admin.auth).attach('file', tinyPdf(), 'qr.png').expect(400);
    await t.http().put(`/api/v1/events/${event.id}/payment-qr`).set(admin.auth).attach('file', png, 'qr.png').expect(204);
    const res = await t
      .http()
      .get(`/api/v1/events/${event.id}/payment-qr`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-disposition']).toBe('inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(Buffer.compare(res.body as Buffer, png)).toBe(0);
  });
});
