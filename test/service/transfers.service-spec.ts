import { RequestRefundUseCase } from '@app/refunds';
import { Actor, Role } from '@app/shared';
import { CheckInService, ScanResult, Ticket, TicketNotFoundError, TicketsService, TicketStatus } from '@app/tickets';
import {
  AcceptTransferUseCase,
  OfferTransferUseCase,
  TicketNotTransferableError,
  TransferAlreadyPendingError,
  TransferNotFoundError,
  TransferNotPendingError,
  TransfersService,
  TransferStatus,
  TransferToSelfError,
} from '@app/transfers';
import { EmailNotVerifiedError } from '@app/users';
import { expireTransfers } from '../factories/clock.js';
import { bookWithServices, createEventWithServices, CreatedEvent } from '../factories/events.js';
import { payManually } from '../factories/payments.js';
import { actorOf, createUser, signUpCustomer } from '../factories/users.js';
import { expectConsistentLedger, query } from '../setup/db.js';
import { ServiceModule, startServiceModule } from '../setup/service-module.js';

describe('ticket transfers through the services (service)', () => {
  let t: ServiceModule;
  let admin: Actor;
  let scanner: Actor;
  let sender: Actor;
  let recipient: Actor;
  let event: CreatedEvent;
  const PRICE = 120_000;

  beforeAll(async () => {
    t = await startServiceModule();
    admin = actorOf(await createUser(t, [Role.Admin]));
    scanner = actorOf(await createUser(t, [Role.Scanner]));
    sender = actorOf(await createUser(t, [Role.Customer], 'Sandra Sender'));
    recipient = actorOf(await createUser(t, [Role.Customer], 'Rita Recipient'));
    // Within the check-in window (so tickets scan) and not started (so they can be offered).
    event = await createEventWithServices(t, admin, { capacity: 50, startsInHours: 1, ticketTypes: [{ price: PRICE, quantity: 50 }] });
  });
  afterAll(() => t?.close());

  /** A paid booking of `quantity` seats for `buyer`; its tickets in seat order. */
  async function paidTickets(buyer: Actor, quantity: number): Promise<Ticket[]> {
    const booking = await bookWithServices(t, buyer, event.id, event.ticketTypes[0]!.id, quantity);
    await payManually(t, buyer, admin, booking.id);
    return t.app.get(TicketsService).listByBooking(booking.id);
  }

  const offer = (actor: Actor, ticketId: string, toEmail: string) => t.app.get(OfferTransferUseCase).execute(actor, { ticketId, toEmail });

  it("offer and accept: the old ticket is transferred and scans so, the recipient's new one scans ok; the seats do not move; the buyer cannot refund it", async () => {
    const [given, kept] = await paidTickets(sender, 2);
    const before = await expectConsistentLedger(t, event.id);

    const offered = await offer(sender, given!.id, `  ${recipient.email.toUpperCase()} `);
    expect(offered).toMatchObject({ status: TransferStatus.Pending, toEmail: recipient.email, fromUserId: sender.userId, fromName: 'Sandra Sender' });
    const [mail] = await query<{ to: string }>(t, `SELECT "to" FROM outbox_messages WHERE template = 'transfer-offered' AND data->>'transferId' = $1`, [
      offered.id,
    ]);
    expect(mail).toEqual({ to: recipient.email });

    const accepted = await t.app.get(AcceptTransferUseCase).execute(recipient, offered.id);
    expect(accepted).toMatchObject({ status: TransferStatus.Accepted, toUserId: recipient.userId, decidedBy: recipient.userId });
    const tickets = t.app.get(TicketsService);
    const old = (await tickets.find(given!.id))!;
    const fresh = (await tickets.find(accepted.newTicketId!))!;
    expect(old).toMatchObject({ status: TicketStatus.Transferred, replacedByTicketId: fresh.id, userId: sender.userId });
    expect(fresh).toMatchObject({
      status: TicketStatus.Valid,
      userId: recipient.userId,
      holderName: 'Rita Recipient',
      replacesTicketId: old.id,
      version: old.version + 1,
      bookingId: old.bookingId,
    });
    expect(fresh.code).not.toBe(old.code);

    const checkIns = t.app.get(CheckInService);
    expect((await checkIns.scan(scanner, { eventId: event.id, code: old.code })).result).toBe(ScanResult.Transferred);
    expect(await checkIns.scan(scanner, { eventId: event.id, code: fresh.code })).toMatchObject({ result: ScanResult.Ok, holderName: 'Rita Recipient' });

    // A transfer moves a sold seat: the counters are as before.
    const after = await expectConsistentLedger(t, event.id);
    expect(after.event).toEqual(before.event);
    // The buyer's refund covers the ticket they still hold, not the one given away.
    const refund = await t.app.get(RequestRefundUseCase).execute(sender, { bookingId: old.bookingId, reason: 'plans changed' });
    expect(refund).toMatchObject({ ticketIds: [kept!.id], amount: PRICE });
  });

  it('refuses with typed errors: own ticket only, never to oneself, one pending offer per ticket, only the verified recipient accepts', async () => {
    const [ticket] = await paidTickets(sender, 1);
    await expect(offer(recipient, ticket!.id, admin.email)).rejects.toBeInstanceOf(TicketNotFoundError);
    await expect(offer(sender, ticket!.id, sender.email.toUpperCase())).rejects.toMatchObject({ constructor: TransferToSelfError, kind: 'unprocessable' });

    const unverified = await signUpCustomer(t, { verified: false });
    const pending = await offer(sender, ticket!.id, unverified.email);
    await expect(offer(sender, ticket!.id, recipient.email)).rejects.toMatchObject({
      constructor: TransferAlreadyPendingError,
      extra: { pendingTransferId: pending.id },
    });
    // Someone else than the addressee is told it does not exist; the addressee must have verified the address.
    await expect(t.app.get(AcceptTransferUseCase).execute(recipient, pending.id)).rejects.toBeInstanceOf(TransferNotFoundError);
    await expect(t.app.get(AcceptTransferUseCase).execute(actorOf(unverified), pending.id)).rejects.toBeInstanceOf(EmailNotVerifiedError);

    expect(await t.app.get(TransfersService).get(sender, pending.id)).toMatchObject({ status: TransferStatus.Pending, newTicketId: null });
    expect((await t.app.get(TicketsService).find(ticket!.id))!.status).toBe(TicketStatus.Valid);
  });

  it('a lapsed offer expires in the sweep and cannot be accepted; the ticket may be offered again', async () => {
    const [ticket] = await paidTickets(sender, 1);
    const lapsed = await offer(sender, ticket!.id, recipient.email);
    expect(await expireTransfers(t, [lapsed.id])).toBe(1);
    expect(await t.app.get(TransfersService).expireDue()).toBe(1);

    await expect(t.app.get(AcceptTransferUseCase).execute(recipient, lapsed.id)).rejects.toMatchObject({
      constructor: TransferNotPendingError,
      extra: { transferStatus: TransferStatus.Expired },
    });
    const again = await offer(sender, ticket!.id, recipient.email);
    expect(again.status).toBe(TransferStatus.Pending);
    expect((await t.app.get(AcceptTransferUseCase).execute(recipient, again.id)).status).toBe(TransferStatus.Accepted);
  });

  it('a ticket checked in after the offer: accepting is refused and changes nothing; a checked-in ticket is not offered', async () => {
    const [ticket] = await paidTickets(sender, 1);
    const offered = await offer(sender, ticket!.id, recipient.email);
    expect((await t.app.get(CheckInService).scan(scanner, { eventId: event.id, code: ticket!.code })).result).toBe(ScanResult.Ok);

    await expect(t.app.get(AcceptTransferUseCase).execute(recipient, offered.id)).rejects.toMatchObject({
      constructor: TicketNotTransferableError,
      extra: { ticketStatus: TicketStatus.CheckedIn },
    });
    expect((await t.app.get(TransfersService).get(sender, offered.id)).status).toBe(TransferStatus.Pending);
    expect(await t.app.get(TicketsService).find(ticket!.id)).toMatchObject({ status: TicketStatus.CheckedIn, userId: sender.userId, replacedByTicketId: null });

    await t.app.get(TransfersService).cancel(sender, offered.id);
    await expect(offer(sender, ticket!.id, recipient.email)).rejects.toMatchObject({
      constructor: TicketNotTransferableError,
      extra: { ticketStatus: TicketStatus.CheckedIn },
    });
  });
});
