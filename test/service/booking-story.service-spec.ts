import { BookingsService, BookingStatus, CreateBookingUseCase, SoldOutError } from '@app/bookings';
import { PaymentsService, PaymentStatus } from '@app/payments';
import {
  CancelBookingUseCase,
  InvalidRefundStateError,
  NothingToRefundError,
  ProcessRefundUseCase,
  RefundStatus,
  RequestRefundUseCase,
  TicketNotRefundableError,
} from '@app/refunds';
import { Actor, Role } from '@app/shared';
import { CheckInService, ScanResult, TicketsService, TicketStatus } from '@app/tickets';
import { bookWithServices, createEventWithServices } from '../factories/events.js';
import { payManually } from '../factories/payments.js';
import { actorOf, createUser } from '../factories/users.js';
import { expectConsistentLedger, query } from '../setup/db.js';
import { ServiceModule, startServiceModule } from '../setup/service-module.js';

/** The event's money counters (minor units), summed over currencies: what the dashboards read. */
async function eventMoney(t: ServiceModule, eventId: string) {
  const [row] = await query<{ revenue: string; refunded: string }>(
    t,
    'SELECT COALESCE(sum(revenue), 0) AS revenue, COALESCE(sum(refunded), 0) AS refunded FROM event_money WHERE event_id = $1',
    [eventId],
  );
  return { revenue: Number(row!.revenue), refunded: Number(row!.refunded) };
}

describe('a booking from hold to refund, through the services (service)', () => {
  let t: ServiceModule;
  let admin: Actor;
  let scanner: Actor;
  let buyer: Actor;
  const PRICE = 250_000;

  beforeAll(async () => {
    t = await startServiceModule();
    admin = actorOf(await createUser(t, [Role.Admin]));
    scanner = actorOf(await createUser(t, [Role.Scanner]));
    buyer = actorOf(await createUser(t, [Role.Customer]));
  });
  afterAll(() => t?.close());

  it('hold, manual payment, tickets, check-in, refund of the rest: seats, tickets and money follow each step', async () => {
    // Starts within the check-in window, so its tickets scan now.
    const event = await createEventWithServices(t, admin, { capacity: 10, startsInHours: 1, ticketTypes: [{ price: PRICE, quantity: 10 }] });
    const type = event.ticketTypes[0]!;

    const held = await bookWithServices(t, buyer, event.id, type.id, 3);
    expect(held).toMatchObject({ status: BookingStatus.PendingPayment, totalAmount: 3 * PRICE, userId: buyer.userId });
    let ledger = await expectConsistentLedger(t, event.id);
    expect(ledger.event).toMatchObject({ held: 3, sold: 0 });

    const payment = await payManually(t, buyer, admin, held.id);
    expect(payment).toMatchObject({ status: PaymentStatus.Succeeded, amount: 3 * PRICE, provider: 'manual' });
    expect((await t.app.get(BookingsService).get(buyer, held.id)).status).toBe(BookingStatus.Confirmed);
    const tickets = await t.app.get(TicketsService).listByBooking(held.id);
    expect(tickets.map((tk) => [tk.seq, tk.status, tk.userId])).toEqual([
      [1, TicketStatus.Valid, buyer.userId],
      [2, TicketStatus.Valid, buyer.userId],
      [3, TicketStatus.Valid, buyer.userId],
    ]);
    // The confirmation e-mail, queued in the confirmation's transaction, lists the three tickets.
    const [mail] = await query<{ n: number }>(
      t,
      `SELECT jsonb_array_length(data->'tickets') AS n FROM outbox_messages WHERE template = 'booking-confirmed' AND data->>'bookingId' = $1`,
      [held.id],
    );
    expect(mail).toEqual({ n: 3 });
    ledger = await expectConsistentLedger(t, event.id);
    expect(ledger.event).toMatchObject({ held: 0, sold: 3 });
    expect(await eventMoney(t, event.id)).toEqual({ revenue: 3 * PRICE, refunded: 0 });

    const checkIns = t.app.get(CheckInService);
    const first = await checkIns.scan(scanner, { eventId: event.id, code: tickets[0]!.code, gate: 'North' });
    expect(first).toMatchObject({ result: ScanResult.Ok, ticketId: tickets[0]!.id, inside: true });
    const again = await checkIns.scan(scanner, { eventId: event.id, code: tickets[0]!.code, gate: 'South' });
    expect(again).toMatchObject({ result: ScanResult.AlreadyCheckedIn, checkedInGate: 'North' });

    // No ticket ids: every valid ticket the buyer holds, so the checked-in one is left out.
    const refund = await t.app.get(RequestRefundUseCase).execute(buyer, { bookingId: held.id, reason: 'cannot come' });
    expect(refund).toMatchObject({ status: RefundStatus.Pending, amount: 2 * PRICE, kind: 'request' });
    expect([...refund.ticketIds].sort()).toEqual([tickets[1]!.id, tickets[2]!.id].sort());

    const completed = await t.app.get(ProcessRefundUseCase).approve(admin, refund.id);
    expect(completed).toMatchObject({ status: RefundStatus.Completed, decidedBy: admin.userId });
    expect((await t.app.get(BookingsService).find(held.id))!.status).toBe(BookingStatus.PartiallyRefunded);
    expect(await t.app.get(PaymentsService).find(payment.id)).toMatchObject({ status: PaymentStatus.PartiallyRefunded, refundedAmount: 2 * PRICE });
    expect((await t.app.get(TicketsService).listByBooking(held.id)).map((tk) => tk.status)).toEqual([
      TicketStatus.CheckedIn,
      TicketStatus.Refunded,
      TicketStatus.Refunded,
    ]);
    // A refunded ticket's code now scans as refunded.
    expect((await checkIns.scan(scanner, { eventId: event.id, code: tickets[1]!.code })).result).toBe(ScanResult.Refunded);

    ledger = await expectConsistentLedger(t, event.id);
    expect(ledger.event).toMatchObject({ held: 0, sold: 1 });
    expect(await eventMoney(t, event.id)).toEqual({ revenue: 3 * PRICE, refunded: 2 * PRICE });

    // The one ticket left is inside: nothing more to refund, by default or by name.
    await expect(t.app.get(RequestRefundUseCase).execute(buyer, { bookingId: held.id, reason: 'again' })).rejects.toBeInstanceOf(NothingToRefundError);
    await expect(t.app.get(RequestRefundUseCase).execute(buyer, { bookingId: held.id, ticketIds: [tickets[0]!.id], reason: 'again' })).rejects.toMatchObject({
      constructor: TicketNotRefundableError,
      extra: { ticketIds: [tickets[0]!.id] },
    });
    // A completed refund is not approved twice.
    await expect(t.app.get(ProcessRefundUseCase).approve(admin, refund.id)).rejects.toBeInstanceOf(InvalidRefundStateError);
  });

  it('refunded seats go back on sale: a sold-out event sells them again, and not one more (SoldOutError says what is left)', async () => {
    const event = await createEventWithServices(t, admin, { capacity: 2, ticketTypes: [{ price: PRICE, quantity: 2 }] });
    const type = event.ticketTypes[0]!;
    const first = await bookWithServices(t, buyer, event.id, type.id, 2);
    await payManually(t, buyer, admin, first.id);

    const other = actorOf(await createUser(t, [Role.Customer]));
    const refused = await bookWithServices(t, other, event.id, type.id, 1).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SoldOutError);
    expect((refused as SoldOutError).seatsLeft).toEqual({ event: 0, ticketTypes: [{ ticketTypeId: type.id, available: 0 }] });

    const [ticket] = await t.app.get(TicketsService).listByBooking(first.id);
    const refund = await t.app.get(RequestRefundUseCase).execute(buyer, { bookingId: first.id, ticketIds: [ticket!.id], reason: 'one fewer' });
    await t.app.get(ProcessRefundUseCase).approve(admin, refund.id);

    const second = await bookWithServices(t, other, event.id, type.id, 1);
    expect(second.status).toBe(BookingStatus.PendingPayment);
    await expect(bookWithServices(t, other, event.id, type.id, 1)).rejects.toBeInstanceOf(SoldOutError);
    const ledger = await expectConsistentLedger(t, event.id);
    expect(ledger.event).toMatchObject({ capacity: 2, sold: 1, held: 1 });
  });

  it("a booking of two ticket types: refunding one type's ticket moves that type's seats and money only", async () => {
    const event = await createEventWithServices(t, admin, {
      capacity: 10,
      ticketTypes: [
        { name: 'Standard', price: PRICE, quantity: 6 },
        { name: 'VIP', price: 4 * PRICE, quantity: 4 },
      ],
    });
    const [standard, vip] = event.ticketTypes;
    const booking = await t.app.get(CreateBookingUseCase).execute(buyer, {
      eventId: event.id,
      items: [
        { ticketTypeId: standard!.id, quantity: 2 },
        { ticketTypeId: vip!.id, quantity: 1 },
      ],
    });
    expect(booking.totalAmount).toBe(6 * PRICE);
    await payManually(t, buyer, admin, booking.id);
    const vipTicket = (await t.app.get(TicketsService).listByBooking(booking.id)).find((tk) => tk.ticketTypeId === vip!.id)!;

    const refund = await t.app.get(RequestRefundUseCase).execute(buyer, { bookingId: booking.id, ticketIds: [vipTicket.id], reason: 'downgrade' });
    expect(refund.amount).toBe(4 * PRICE);
    await t.app.get(ProcessRefundUseCase).approve(admin, refund.id);

    const ledger = await expectConsistentLedger(t, event.id);
    expect(Object.fromEntries(ledger.types.map((type) => [type.id, type.sold]))).toEqual({ [standard!.id]: 2, [vip!.id]: 0 });
    const money = await query<{ ticket_type_id: string; revenue: number; refunded: number }>(
      t,
      `SELECT ticket_type_id, sum(revenue)::int AS revenue, sum(refunded)::int AS refunded FROM ticket_type_money
        WHERE ticket_type_id = ANY($1::uuid[]) GROUP BY ticket_type_id`,
      [[standard!.id, vip!.id]],
    );
    expect(Object.fromEntries(money.map((m) => [m.ticket_type_id, { revenue: m.revenue, refunded: m.refunded }]))).toEqual({
      [standard!.id]: { revenue: 2 * PRICE, refunded: 0 },
      [vip!.id]: { revenue: 4 * PRICE, refunded: 4 * PRICE },
    });
    expect((await t.app.get(BookingsService).find(booking.id))!.status).toBe(BookingStatus.PartiallyRefunded);
  });

  it('a free booking is confirmed at once with its tickets; there is nothing to refund on it', async () => {
    const event = await createEventWithServices(t, admin, { capacity: 5, ticketTypes: [{ price: 0, quantity: 5 }] });
    const booking = await bookWithServices(t, buyer, event.id, event.ticketTypes[0]!.id, 2);
    expect(booking).toMatchObject({ status: BookingStatus.Confirmed, totalAmount: 0 });
    expect((await t.app.get(TicketsService).listByBooking(booking.id)).map((tk) => tk.status)).toEqual([TicketStatus.Valid, TicketStatus.Valid]);
    await expect(t.app.get(RequestRefundUseCase).execute(buyer, { bookingId: booking.id, reason: 'free' })).rejects.toMatchObject({
      constructor: NothingToRefundError,
      code: 'nothing_to_refund',
      kind: 'conflict',
    });
    expect((await expectConsistentLedger(t, event.id)).event).toMatchObject({ sold: 2, held: 0 });
  });

  it('an admin cancelling a paid booking: valid tickets void, the checked-in one kept, the rest of the payment refunded by the processor', async () => {
    const event = await createEventWithServices(t, admin, { capacity: 10, startsInHours: 1, ticketTypes: [{ price: PRICE, quantity: 10 }] });
    const booking = await bookWithServices(t, buyer, event.id, event.ticketTypes[0]!.id, 3);
    const payment = await payManually(t, buyer, admin, booking.id);
    const tickets = await t.app.get(TicketsService).listByBooking(booking.id);
    await t.app.get(CheckInService).scan(scanner, { eventId: event.id, code: tickets[0]!.code });

    // The buyer may not cancel a paid booking; an admin must give a reason.
    await expect(t.app.get(CancelBookingUseCase).execute(buyer, booking.id)).rejects.toMatchObject({ code: 'invalid_booking_state' });
    await expect(t.app.get(CancelBookingUseCase).execute(admin, booking.id)).rejects.toMatchObject({ code: 'validation_failed' });

    const cancelled = await t.app.get(CancelBookingUseCase).execute(admin, booking.id, 'double booking');
    expect(cancelled.status).toBe(BookingStatus.Cancelled);
    expect((await t.app.get(TicketsService).listByBooking(booking.id)).map((tk) => tk.status)).toEqual([
      TicketStatus.CheckedIn,
      TicketStatus.Cancelled,
      TicketStatus.Cancelled,
    ]);
    // The whole payment is queued (approved, unclaimed) for the processor, as the send-refunds job would run it.
    const [queued] = await query<{ id: string; status: string; amount: number; kind: string }>(
      t,
      'SELECT id, status, amount::int AS amount, kind FROM refunds WHERE booking_id = $1',
      [booking.id],
    );
    expect(queued).toMatchObject({ status: RefundStatus.Approved, amount: 3 * PRICE, kind: 'booking_cancelled' });
    expect(await t.app.get(ProcessRefundUseCase).processDue()).toBe(1);
    expect(await t.app.get(PaymentsService).find(payment.id)).toMatchObject({ status: PaymentStatus.Refunded, refundedAmount: 3 * PRICE });

    // The person inside keeps their seat.
    expect((await expectConsistentLedger(t, event.id)).event).toMatchObject({ sold: 1, held: 0 });
    expect(await eventMoney(t, event.id)).toEqual({ revenue: 3 * PRICE, refunded: 3 * PRICE });
  });
});
