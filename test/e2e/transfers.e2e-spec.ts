import { CancelEventUseCase } from '@app/event-cancellation';
import { Role } from '@app/shared';
import { TicketRepository } from '@app/tickets';
import { TransfersService } from '@app/transfers';
import { createEvent } from '../factories/events.js';
import { bookFreeTickets, createOpenEvent, scan, TicketBody } from '../factories/tickets.js';
import { decideTransfer, listTransfers, offerTransfer, TransferBody } from '../factories/transfers.js';
import { createAdmin, createUser, signUpCustomer, SignedInUser, uniqueEmail, verificationToken } from '../factories/users.js';
import { query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

const HOUR = 3600_000;

/** Ticket transfers over real HTTP: offer, accept, reject, cancel, who may do what, e-mails, idempotency and the scans after a transfer. */
describe('transfers (e2e)', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let viewer: SignedInUser;
  let scanner: SignedInUser;
  let ada: SignedInUser;
  let grace: SignedInUser;
  let bob: SignedInUser;

  beforeAll(async () => {
    t = await startTestApp({
      JOBS_ENABLED: 'false',
      MAIL_WORKER_ENABLED: 'false',
      TRANSFER_ACCEPT_URL: 'https://tickets.example/transfers?from=mail',
      EMAIL_VERIFICATION_URL: 'https://tickets.example/verify',
    });
    admin = await createAdmin(t);
    viewer = await createUser(t, [Role.Viewer]);
    scanner = await createUser(t, [Role.Scanner]);
    ada = await signUpCustomer(t, { name: 'Ada Lovelace' });
    grace = await signUpCustomer(t, { name: 'Grace Hopper' });
    bob = await signUpCustomer(t, { name: 'Bob Builder' });
  });
  afterAll(() => t.close());

  const outbox = (to: string, template: string) =>
    query<{ to: string; template: string; data: Record<string, unknown>; dedupe_key: string }>(
      t,
      `SELECT "to", template, data, dedupe_key FROM outbox_messages WHERE "to" = $1 AND template = $2 ORDER BY id`,
      [to, template],
    );
  const getTicket = async (user: SignedInUser, id: string) => (await t.http().get(`/api/v1/tickets/${id}`).set(user.auth).expect(200)).body as TicketBody;

  it('offer, accept by the recipient: the old ticket is transferred (old QR and code scan `transferred`), the new one is the recipient’s and scans `ok`; both are e-mailed', async () => {
    const event = await createOpenEvent(t, admin);
    const [ticket] = await bookFreeTickets(t, ada, event, 1);

    const offered = await offerTransfer(t, ada, { ticketId: ticket!.id, toEmail: grace.email.toUpperCase(), message: 'Enjoy the show!' }).expect(201);
    const transfer = offered.body as TransferBody;
    expect(transfer).toMatchObject({
      ticketId: ticket!.id,
      eventId: event.id,
      fromUserId: ada.id,
      fromName: 'Ada Lovelace',
      toEmail: grace.email,
      toUserId: null,
      message: 'Enjoy the show!',
      status: 'pending',
      newTicketId: null,
      decidedAt: null,
      ticketTypeName: 'Free',
      event: { id: event.id },
    });
    // The event ends within TRANSFER_EXPIRY_HOURS (72 h): the offer lapses when it ends.
    expect(transfer.expiresAt).toBe(transfer.event.endsAt);

    const [offerMail] = await outbox(grace.email, 'transfer-offered');
    expect(offerMail).toMatchObject({
      dedupe_key: `transfer-offered:${transfer.id}`,
      data: { transferId: transfer.id, senderName: 'Ada Lovelace', recipientEmail: grace.email, message: 'Enjoy the show!', ticketTypeName: 'Free' },
    });
    const messages = await t.http().get('/api/v1/messages').query({ to: grace.email, template: 'transfer-offered' }).set(admin.auth).expect(200);
    expect(messages.body.data).toHaveLength(1);

    // An offered ticket still scans as the sender's until accepted (verify changes nothing).
    expect(
      (await t.http().post('/api/v1/check-ins/verify').set(scanner.auth).send({ eventId: event.id, code: ticket!.qrPayload }).expect(200)).body,
    ).toMatchObject({ result: 'ok', holderName: 'Ada Lovelace' });

    const accepted = await decideTransfer(t, grace, transfer.id, 'accept').expect(200);
    expect(accepted.body).toMatchObject({ id: transfer.id, status: 'accepted', toUserId: grace.id, decidedBy: grace.id, newTicketId: expect.any(String) });
    expect(accepted.body.decidedAt).not.toBeNull();

    const old = await getTicket(ada, ticket!.id);
    expect(old).toMatchObject({ status: 'transferred', userId: ada.id, replacedByTicketId: accepted.body.newTicketId });
    const fresh = await getTicket(grace, accepted.body.newTicketId);
    expect(fresh).toMatchObject({
      status: 'valid',
      userId: grace.id,
      holderName: 'Grace Hopper',
      holderEmail: grace.email,
      version: 2,
      replacesTicketId: ticket!.id,
      seq: ticket!.seq,
      bookingId: ticket!.bookingId,
    });
    expect(fresh.code).not.toBe(ticket!.code);
    expect(fresh.qrPayload).not.toBe(ticket!.qrPayload);
    // Grace's "my tickets" now lists it; Ada cannot read the new ticket.
    expect((await t.http().get('/api/v1/tickets').query({ eventId: event.id }).set(grace.auth).expect(200)).body.data.map((x: TicketBody) => x.id)).toEqual([
      fresh.id,
    ]);
    await t.http().get(`/api/v1/tickets/${fresh.id}`).set(ada.auth).expect(404);

    // The gate: old payload and old code are void, the new payload admits once.
    expect((await scan(t, scanner, { eventId: event.id, code: ticket!.qrPayload }).expect(200)).body).toMatchObject({
      result: 'transferred',
      ticketId: ticket!.id,
    });
    expect((await scan(t, scanner, { eventId: event.id, code: ticket!.code }).expect(200)).body.result).toBe('transferred');
    expect((await scan(t, scanner, { eventId: event.id, code: fresh.qrPayload }).expect(200)).body).toMatchObject({
      result: 'ok',
      ticketId: fresh.id,
      holderName: 'Grace Hopper',
    });
    expect((await scan(t, scanner, { eventId: event.id, code: fresh.code }).expect(200)).body.result).toBe('already_checked_in');

    const [acceptMail] = await outbox(ada.email, 'transfer-accepted');
    expect(acceptMail).toMatchObject({
      dedupe_key: `transfer-accepted:${transfer.id}`,
      data: { senderName: 'Ada Lovelace', recipientName: 'Grace Hopper', ticketTypeName: 'Free' },
    });

    // Decided once: again is 409 with the status; the old ticket cannot be offered again.
    expect((await decideTransfer(t, grace, transfer.id, 'accept').expect(409)).body).toMatchObject({
      code: 'transfer_not_pending',
      transferStatus: 'accepted',
      status: 409,
    });
    expect((await decideTransfer(t, ada, transfer.id, 'cancel').expect(409)).body.code).toBe('transfer_not_pending');
    expect((await offerTransfer(t, ada, { ticketId: ticket!.id, toEmail: bob.email }).expect(409)).body).toMatchObject({
      code: 'ticket_not_transferable',
      ticketStatus: 'transferred',
    });
  });

  it('an offer to an address with no account yet: whoever signs up with it must verify it before accepting (403 email_not_verified, nothing changes)', async () => {
    const event = await createOpenEvent(t, admin);
    const [ticket] = await bookFreeTickets(t, ada, event, 1);
    const toEmail = uniqueEmail('newcomer');
    const { body: transfer } = await offerTransfer(t, ada, { ticketId: ticket!.id, toEmail }).expect(201);
    // The offer e-mail links to the front end's page (TRANSFER_ACCEPT_URL) for this transfer.
    const [offerMail] = await outbox(toEmail, 'transfer-offered');
    expect(offerMail!.data.acceptUrl).toBe(`https://tickets.example/transfers?from=mail&transferId=${transfer.id}`);
    // Anyone can register an address they do not own; registering proves nothing.
    const claimant = await signUpCustomer(t, { email: toEmail, name: 'Claimant', verified: false });
    const [verifyMail] = await outbox(toEmail, 'verify-email');
    expect(verifyMail!.data.verifyUrl).toBe(`https://tickets.example/verify?token=${verifyMail!.data.token as string}`);

    const refused = await decideTransfer(t, claimant, transfer.id, 'accept').expect(403);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'email_not_verified', status: 403 });
    expect(await query(t, 'SELECT status, new_ticket_id FROM transfers WHERE id = $1', [transfer.id])).toEqual([{ status: 'pending', new_ticket_id: null }]);
    expect(await query(t, 'SELECT status, user_id FROM tickets WHERE booking_id = $1', [ticket!.bookingId])).toEqual([{ status: 'valid', user_id: ada.id }]);
    // Someone else's unverified account still gets 404, as before: the recipient check comes first.
    expect((await decideTransfer(t, bob, transfer.id, 'accept').expect(404)).body.code).toBe('transfer_not_found');

    // The owner of the address reads the verification e-mail and then accepts.
    await t
      .http()
      .post('/api/v1/auth/verify-email')
      .send({ token: await verificationToken(t, toEmail) })
      .expect(200);
    expect((await decideTransfer(t, claimant, transfer.id, 'accept').expect(200)).body).toMatchObject({ status: 'accepted', toUserId: claimant.id });
  });

  it('only the recipient accepts or rejects, only the sender or an admin cancels: anyone else gets 404; scanners and viewers are refused by role', async () => {
    const event = await createOpenEvent(t, admin);
    const [ticket] = await bookFreeTickets(t, ada, event, 1);
    const { body: transfer } = await offerTransfer(t, ada, { ticketId: ticket!.id, toEmail: grace.email }).expect(201);

    for (const user of [bob, ada, admin]) {
      expect((await decideTransfer(t, user, transfer.id, 'accept').expect(404)).body.code).toBe('transfer_not_found');
      expect((await decideTransfer(t, user, transfer.id, 'reject').expect(404)).body.code).toBe('transfer_not_found');
    }
    await decideTransfer(t, bob, transfer.id, 'cancel').expect(404);
    await decideTransfer(t, grace, transfer.id, 'cancel').expect(404);
    for (const action of ['accept', 'reject', 'cancel'] as const) {
      await decideTransfer(t, scanner, transfer.id, action).expect(403);
      await decideTransfer(t, viewer, transfer.id, action).expect(403);
    }
    await t.http().post(`/api/v1/transfers/${transfer.id}/accept`).expect(401);
    await t.http().post('/api/v1/transfers/not-a-uuid/accept').set(grace.auth).expect(400);
    await decideTransfer(t, grace, '0193b8c2-7d1e-7c4a-9f1e-2b3c4d5e6f70', 'accept').expect(404);

    // Reading: sender, recipient and staff who read everything; another customer 404, scanner 403.
    await t.http().get(`/api/v1/transfers/${transfer.id}`).set(ada.auth).expect(200);
    await t.http().get(`/api/v1/transfers/${transfer.id}`).set(grace.auth).expect(200);
    await t.http().get(`/api/v1/transfers/${transfer.id}`).set(viewer.auth).expect(200);
    await t.http().get(`/api/v1/transfers/${transfer.id}`).set(admin.auth).expect(200);
    expect((await t.http().get(`/api/v1/transfers/${transfer.id}`).set(bob.auth).expect(404)).body.code).toBe('transfer_not_found');
    await t.http().get(`/api/v1/transfers/${transfer.id}`).set(scanner.auth).expect(403);
    await listTransfers(t, scanner).expect(403);

    // Nothing changed.
    expect((await t.http().get(`/api/v1/transfers/${transfer.id}`).set(ada.auth).expect(200)).body.status).toBe('pending');
    expect((await getTicket(ada, ticket!.id)).status).toBe('valid');
  });

  it('offering: only your own ticket (another customer 404, an admin 403), never to yourself, viewers and scanners are refused, bad input is 400', async () => {
    const event = await createOpenEvent(t, admin);
    const [ticket] = await bookFreeTickets(t, ada, event, 1);
    expect((await offerTransfer(t, bob, { ticketId: ticket!.id, toEmail: grace.email }).expect(404)).body.code).toBe('ticket_not_found');
    expect((await offerTransfer(t, admin, { ticketId: ticket!.id, toEmail: grace.email }).expect(403)).body.code).toBe('forbidden');
    await offerTransfer(t, viewer, { ticketId: ticket!.id, toEmail: grace.email }).expect(403);
    await offerTransfer(t, scanner, { ticketId: ticket!.id, toEmail: grace.email }).expect(403);
    await offerTransfer(t, ada, { ticketId: '0193b8c2-7d1e-7c4a-9f1e-2b3c4d5e6f70', toEmail: grace.email }).expect(404);
    expect((await offerTransfer(t, ada, { ticketId: ticket!.id, toEmail: ada.email.toUpperCase() }).expect(422)).body.code).toBe('transfer_to_self');

    const bad = await offerTransfer(t, ada, { ticketId: 'x', toEmail: 'nope', message: 'm'.repeat(501), userId: ada.id }).expect(400);
    expect(bad.body.code).toBe('validation_failed');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['message', 'ticketId', 'toEmail', 'userId']);
    await offerTransfer(t, ada, { ticketId: ticket!.id } as never).expect(400);
    const nullMessage = await offerTransfer(t, ada, { ticketId: ticket!.id, toEmail: grace.email, message: null } as never).expect(400);
    expect(nullMessage.body.errors).toEqual([{ field: 'message', message: 'message must not be null (leave it out instead)' }]);
    await t.http().post('/api/v1/transfers').send({ ticketId: ticket!.id, toEmail: grace.email }).expect(401);
    expect(await query(t, 'SELECT id FROM transfers WHERE ticket_id = $1', [ticket!.id])).toEqual([]);
  });

  it('refuses checked-in, refunded and cancelled tickets, tickets of a booking that is not confirmed, of a cancelled event, and of an event that has started', async () => {
    const event = await createOpenEvent(t, admin);
    const [checkedIn, refunded, cancelled, unconfirmed, started] = await bookFreeTickets(t, ada, event, 5);
    await scan(t, scanner, { eventId: event.id, code: checkedIn!.code }).expect(200);
    expect((await offerTransfer(t, ada, { ticketId: checkedIn!.id, toEmail: grace.email }).expect(409)).body).toMatchObject({
      code: 'ticket_not_transferable',
      ticketStatus: 'checked_in',
      status: 409,
    });

    await t.app.get(TicketRepository).markRefunded(refunded!.bookingId, [refunded!.id]);
    expect((await offerTransfer(t, ada, { ticketId: refunded!.id, toEmail: grace.email }).expect(409)).body).toMatchObject({
      code: 'ticket_not_transferable',
      ticketStatus: 'refunded',
    });
    await query(t, `UPDATE tickets SET status = 'cancelled' WHERE id = $1`, [cancelled!.id]);
    expect((await offerTransfer(t, ada, { ticketId: cancelled!.id, toEmail: grace.email }).expect(409)).body).toMatchObject({
      code: 'ticket_not_transferable',
      ticketStatus: 'cancelled',
    });

    // A booking that is no longer confirmed (here forced, as an event cancellation in flight would leave it).
    const [otherBooking] = await bookFreeTickets(t, bob, event, 1);
    await query(t, `UPDATE bookings SET status = 'cancelled' WHERE id = $1`, [otherBooking!.bookingId]);
    expect((await offerTransfer(t, bob, { ticketId: otherBooking!.id, toEmail: grace.email }).expect(409)).body).toMatchObject({
      code: 'booking_not_confirmed',
      bookingStatus: 'cancelled',
    });
    // A partially refunded booking's remaining valid tickets may still be offered (they admit at the gate).
    await query(t, `UPDATE bookings SET status = 'partially_refunded' WHERE id = $1`, [unconfirmed!.bookingId]);
    await offerTransfer(t, ada, { ticketId: unconfirmed!.id, toEmail: grace.email }).expect(201);

    // A cancelled event (forced here: its tickets would normally be cancelled with it).
    await query(t, `UPDATE events SET status = 'cancelled' WHERE id = $1`, [event.id]);
    expect((await offerTransfer(t, ada, { ticketId: started!.id, toEmail: grace.email }).expect(409)).body.code).toBe('event_cancelled');
    await query(t, `UPDATE events SET status = 'published' WHERE id = $1`, [event.id]);

    // The event starts: offers are refused from then on.
    await query(t, `UPDATE events SET starts_at = now() - interval '1 minute' WHERE id = $1`, [event.id]);
    const late = await offerTransfer(t, ada, { ticketId: started!.id, toEmail: grace.email }).expect(409);
    expect(late.body).toMatchObject({ code: 'event_already_started' });
    expect(Date.parse(late.body.startsAt)).toBeLessThan(Date.now());
    const [{ n }] = await query<{ n: number }>(t, 'SELECT count(*)::int AS n FROM transfers WHERE event_id = $1', [event.id]);
    expect(n).toBe(1);
  });

  it('one pending transfer per ticket: a second offer is 409 until the first is cancelled (an admin cancel is audited) or rejected', async () => {
    const event = await createOpenEvent(t, admin);
    const [ticket] = await bookFreeTickets(t, ada, event, 1);
    const { body: first } = await offerTransfer(t, ada, { ticketId: ticket!.id, toEmail: grace.email }).expect(201);
    const second = await offerTransfer(t, ada, { ticketId: ticket!.id, toEmail: bob.email }).expect(409);
    expect(second.body).toMatchObject({ code: 'transfer_already_pending', pendingTransferId: first.id });
    expect(await outbox(bob.email, 'transfer-offered')).toEqual([]);

    const cancelled = await decideTransfer(t, ada, first.id, 'cancel').expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', decidedBy: ada.id });
    const { body: toBob } = await offerTransfer(t, ada, { ticketId: ticket!.id, toEmail: bob.email }).expect(201);

    // An admin cancels it: audited.
    expect((await decideTransfer(t, admin, toBob.id, 'cancel').expect(200)).body).toMatchObject({ status: 'cancelled', decidedBy: admin.id });
    const audit = await t.http().get('/api/v1/audit-logs').query({ entityType: 'transfer', entityId: toBob.id }).set(admin.auth).expect(200);
    expect(audit.body.data).toEqual([expect.objectContaining({ action: 'transfer.cancelled', actorId: admin.id })]);
    const [{ n }] = await query<{ n: number }>(t, `SELECT count(*)::int AS n FROM audit_logs WHERE entity_id = $1`, [first.id]);
    expect(n).toBe(0); // the sender's own cancel is not a staff action

    // Rejected by the recipient: the ticket stays the sender's and can be offered again.
    const { body: third } = await offerTransfer(t, ada, { ticketId: ticket!.id, toEmail: grace.email }).expect(201);
    expect((await decideTransfer(t, grace, third.id, 'reject').expect(200)).body).toMatchObject({
      status: 'rejected',
      toUserId: grace.id,
      decidedBy: grace.id,
      newTicketId: null,
    });
    expect((await decideTransfer(t, grace, third.id, 'accept').expect(409)).body).toMatchObject({ code: 'transfer_not_pending', transferStatus: 'rejected' });
    expect(await getTicket(ada, ticket!.id)).toMatchObject({ status: 'valid', userId: ada.id, replacedByTicketId: null });
    await offerTransfer(t, ada, { ticketId: ticket!.id, toEmail: grace.email }).expect(201);
  });

  it('Idempotency-Key: a replay answers the first response (one transfer, one e-mail); the same key with another body is 422', async () => {
    const event = await createOpenEvent(t, admin);
    const [ticket] = await bookFreeTickets(t, ada, event, 1);
    const key = `transfer-${ticket!.id}`;
    const first = await offerTransfer(t, ada, { ticketId: ticket!.id, toEmail: grace.email }, key).expect(201);
    const replay = await offerTransfer(t, ada, { ticketId: ticket!.id, toEmail: grace.email }, key).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect((await offerTransfer(t, ada, { ticketId: ticket!.id, toEmail: bob.email }, key).expect(422)).body.code).toBe('idempotency_key_reused');
    // A new key is a new request: the pending offer refuses it (and that refusal replays too).
    const conflict = await offerTransfer(t, ada, { ticketId: ticket!.id, toEmail: bob.email }, `${key}-2`).expect(409);
    const conflictReplay = await offerTransfer(t, ada, { ticketId: ticket!.id, toEmail: bob.email }, `${key}-2`).expect(409);
    expect(conflictReplay.body).toEqual(conflict.body);
    expect(await query(t, 'SELECT id FROM transfers WHERE ticket_id = $1', [ticket!.id])).toEqual([{ id: first.body.id }]);
    expect(await outbox(grace.email, 'transfer-offered').then((rows) => rows.filter((r) => r.data.transferId === first.body.id))).toHaveLength(1);
  });

  it('the recipient may sign up after the offer: they then see it as incoming and accept it', async () => {
    const event = await createOpenEvent(t, admin);
    const [ticket] = await bookFreeTickets(t, ada, event, 1);
    const email = uniqueEmail('newcomer');
    const { body: transfer } = await offerTransfer(t, ada, { ticketId: ticket!.id, toEmail: email }).expect(201);
    expect(await outbox(email, 'transfer-offered')).toHaveLength(1);

    const newcomer = await signUpCustomer(t, { email: email.toUpperCase(), name: 'New Comer' });
    const incoming = await listTransfers(t, newcomer, { direction: 'incoming' }).expect(200);
    expect(incoming.body.data.map((x: TransferBody) => x.id)).toEqual([transfer.id]);
    expect((await listTransfers(t, newcomer, { direction: 'outgoing' }).expect(200)).body.data).toEqual([]);
    const accepted = await decideTransfer(t, newcomer, transfer.id, 'accept').expect(200);
    expect(await getTicket(newcomer, accepted.body.newTicketId)).toMatchObject({ holderName: 'New Comer', userId: newcomer.id, status: 'valid' });
  });

  it('works on a sold-out event and does not touch capacity', async () => {
    const event = await createEvent(t, admin, { capacity: 1, ticketTypes: [{ name: 'Last seat', price: 0, quantity: 1 }] });
    const [ticket] = await bookFreeTickets(t, ada, event, 1);
    const before = await query(t, 'SELECT sold, held FROM events WHERE id = $1', [event.id]);
    const { body: transfer } = await offerTransfer(t, ada, { ticketId: ticket!.id, toEmail: grace.email }).expect(201);
    await decideTransfer(t, grace, transfer.id, 'accept').expect(200);
    expect(await query(t, 'SELECT sold, held FROM events WHERE id = $1', [event.id])).toEqual(before);
    expect(await query(t, 'SELECT sold, held FROM ticket_types WHERE event_id = $1', [event.id])).toEqual([{ sold: 1, held: 0 }]);
    const detail = await t.http().get(`/api/v1/events/${event.id}`).set(admin.auth).expect(200);
    expect(detail.body.ticketTypes[0].available).toBe(0);
  });

  it('a transfer accepted after its ticket was checked in meanwhile is refused (409) and changes nothing', async () => {
    const event = await createOpenEvent(t, admin);
    const [ticket] = await bookFreeTickets(t, ada, event, 1);
    const { body: transfer } = await offerTransfer(t, ada, { ticketId: ticket!.id, toEmail: grace.email }).expect(201);
    expect((await scan(t, scanner, { eventId: event.id, code: ticket!.qrPayload }).expect(200)).body.result).toBe('ok');
    const refused = await decideTransfer(t, grace, transfer.id, 'accept').expect(409);
    expect(refused.body).toMatchObject({ code: 'ticket_not_transferable', ticketStatus: 'checked_in' });
    expect((await t.http().get(`/api/v1/transfers/${transfer.id}`).set(grace.auth).expect(200)).body).toMatchObject({
      status: 'pending',
      newTicketId: null,
      toUserId: null,
    });
    expect(await query(t, 'SELECT status FROM tickets WHERE booking_id = $1', [ticket!.bookingId])).toEqual([{ status: 'checked_in' }]);
    expect(await outbox(ada.email, 'transfer-accepted').then((rows) => rows.filter((r) => r.dedupe_key === `transfer-accepted:${transfer.id}`))).toEqual([]);
    // The sender can still withdraw it.
    await decideTransfer(t, ada, transfer.id, 'cancel').expect(200);
  });

  it('cancelling the event withdraws its pending offers; accepting one is refused (409 event_cancelled), even before the cancellation pass reached its booking', async () => {
    const event = await createOpenEvent(t, admin);
    const [ticket] = await bookFreeTickets(t, ada, event, 1);
    const { body: transfer } = await offerTransfer(t, ada, { ticketId: ticket!.id, toEmail: grace.email }).expect(201);
    // The event is cancelled, but the pass that cancels its bookings and tickets has not run yet (batch 0).
    await t.app.get(CancelEventUseCase).execute({ userId: admin.id, email: admin.email, name: admin.name, roles: admin.roles }, event.id, 0);
    expect(await query(t, 'SELECT status FROM tickets WHERE booking_id = $1', [ticket!.bookingId])).toEqual([{ status: 'valid' }]);

    const refused = await decideTransfer(t, grace, transfer.id, 'accept').expect(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'event_cancelled', status: 409 });
    // The cancellation withdrew the offer in the transaction that cancelled the event.
    expect(await query(t, 'SELECT status, new_ticket_id, decided_by FROM transfers WHERE id = $1', [transfer.id])).toEqual([
      { status: 'cancelled', new_ticket_id: null, decided_by: null },
    ]);
    expect(await query(t, 'SELECT status, user_id FROM tickets WHERE booking_id = $1', [ticket!.bookingId])).toEqual([{ status: 'valid', user_id: ada.id }]);
    expect(await outbox(ada.email, 'transfer-accepted').then((rows) => rows.filter((r) => r.dedupe_key === `transfer-accepted:${transfer.id}`))).toEqual([]);

    // The pass then cancels the ticket; the offer stays refused.
    await t.app.get(CancelEventUseCase).handleBookings(100, event.id);
    expect(await query(t, 'SELECT status FROM tickets WHERE booking_id = $1', [ticket!.bookingId])).toEqual([{ status: 'cancelled' }]);
    expect((await decideTransfer(t, grace, transfer.id, 'accept').expect(409)).body.code).toBe('event_cancelled');
  });

  it("TransfersService.cancelPendingForEvent cancels the event's live pending offers (not lapsed or decided ones, nor other events'), once", async () => {
    const event = await createOpenEvent(t, admin);
    const other = await createOpenEvent(t, admin);
    const [live, lapsed, accepted] = await bookFreeTickets(t, ada, event, 3);
    const [elsewhere] = await bookFreeTickets(t, ada, other, 1);
    const offer = async (ticketId: string) => (await offerTransfer(t, ada, { ticketId, toEmail: grace.email }).expect(201)).body as TransferBody;
    const [toCancel, toLapse, toAccept, otherEvent] = [await offer(live!.id), await offer(lapsed!.id), await offer(accepted!.id), await offer(elsewhere!.id)];
    await decideTransfer(t, grace, toAccept.id, 'accept').expect(200);
    await query(t, `UPDATE transfers SET expires_at = now() - interval '1 second' WHERE id = $1`, [toLapse.id]);

    const service = t.app.get(TransfersService);
    expect(await service.cancelPendingForEvent(event.id)).toBe(1);
    expect(await service.cancelPendingForEvent(event.id)).toBe(0);
    const rows = await query<{ id: string; status: string; decided: boolean; decided_by: string | null }>(
      t,
      'SELECT id, status, decided_at IS NOT NULL AS decided, decided_by FROM transfers WHERE id = ANY($1::uuid[])',
      [[toCancel.id, toLapse.id, toAccept.id, otherEvent.id]],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(toCancel.id)).toMatchObject({ status: 'cancelled', decided: true, decided_by: null });
    expect(byId.get(toLapse.id)).toMatchObject({ status: 'pending', decided: false }); // the expiry job's
    expect(byId.get(toAccept.id)).toMatchObject({ status: 'accepted' });
    expect(byId.get(otherEvent.id)).toMatchObject({ status: 'pending' });
    expect((await t.http().get(`/api/v1/transfers/${toCancel.id}`).set(grace.auth).expect(200)).body.status).toBe('cancelled');
    expect((await decideTransfer(t, grace, toCancel.id, 'accept').expect(409)).body).toMatchObject({
      code: 'transfer_not_pending',
      transferStatus: 'cancelled',
    });
    expect((await query<{ status: string }>(t, 'SELECT status FROM tickets WHERE id = $1', [live!.id]))[0]!.status).toBe('valid');
  });

  it('lists own transfers by direction (customers), everyone’s with filters (admin, viewer), newest first with pages; the default expiry is 72 hours', async () => {
    const far = await createEvent(t, admin, { capacity: 10, startsInHours: 24 * 10, ticketTypes: [{ price: 0, quantity: 10 }] });
    const carol = await signUpCustomer(t, { name: 'Carol' });
    const dave = await signUpCustomer(t, { name: 'Dave' });
    const [c1, c2, c3] = await bookFreeTickets(t, carol, far, 3);
    const [d1] = await bookFreeTickets(t, dave, far, 1);
    const before = Date.now();
    const { body: a } = await offerTransfer(t, carol, { ticketId: c1!.id, toEmail: dave.email }).expect(201);
    expect(Date.parse(a.expiresAt) - before).toBeGreaterThanOrEqual(72 * HOUR - 1000);
    expect(Date.parse(a.expiresAt) - Date.now()).toBeLessThanOrEqual(72 * HOUR);
    const { body: b } = await offerTransfer(t, carol, { ticketId: c2!.id, toEmail: grace.email }).expect(201);
    const { body: c } = await offerTransfer(t, dave, { ticketId: d1!.id, toEmail: carol.email }).expect(201);
    const { body: d } = await offerTransfer(t, carol, { ticketId: c3!.id, toEmail: dave.email }).expect(201);
    await decideTransfer(t, carol, d.id, 'cancel').expect(200);

    const ids = (res: { body: { data: TransferBody[] } }) => res.body.data.map((x) => x.id);
    expect(ids(await listTransfers(t, carol).expect(200))).toEqual([d.id, c.id, b.id, a.id]);
    expect(ids(await listTransfers(t, carol, { direction: 'outgoing' }).expect(200))).toEqual([d.id, b.id, a.id]);
    expect(ids(await listTransfers(t, carol, { direction: 'incoming' }).expect(200))).toEqual([c.id]);
    expect(ids(await listTransfers(t, carol, { status: 'pending' }).expect(200))).toEqual([c.id, b.id, a.id]);
    expect(ids(await listTransfers(t, carol, { status: 'cancelled' }).expect(200))).toEqual([d.id]);
    expect(ids(await listTransfers(t, dave, { direction: 'incoming' }).expect(200))).toEqual([d.id, a.id]);
    // A customer's filters never widen their scope.
    expect(ids(await listTransfers(t, dave, { fromUserId: carol.id, eventId: far.id }).expect(200))).toEqual([d.id, a.id]);
    expect(ids(await listTransfers(t, bob, { eventId: far.id }).expect(200))).toEqual([]);

    // Staff read everyone's, with filters.
    expect(ids(await listTransfers(t, viewer, { eventId: far.id }).expect(200))).toEqual([d.id, c.id, b.id, a.id]);
    expect(ids(await listTransfers(t, admin, { eventId: far.id, fromUserId: carol.id, status: 'pending' }).expect(200))).toEqual([b.id, a.id]);
    expect(ids(await listTransfers(t, admin, { eventId: far.id, toEmail: grace.email.toUpperCase() }).expect(200))).toEqual([b.id]);
    expect(ids(await listTransfers(t, viewer, { ticketId: c1!.id }).expect(200))).toEqual([a.id]);

    const page1 = await listTransfers(t, carol, { limit: 2 }).expect(200);
    expect(ids(page1)).toEqual([d.id, c.id]);
    const page2 = await listTransfers(t, carol, { limit: 2, cursor: page1.body.nextCursor }).expect(200);
    expect(page2.body).toEqual({ data: [expect.objectContaining({ id: b.id }), expect.objectContaining({ id: a.id })], nextCursor: null });
    await listTransfers(t, carol, { direction: 'sideways' }).expect(400);
    await listTransfers(t, carol, { status: 'lost' }).expect(400);
  });
});
