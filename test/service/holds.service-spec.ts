import {
  BookingNotFoundError,
  BookingsService,
  BookingStatus,
  BuyerLimitReachedError,
  CreateBookingUseCase,
  EventNotOnSaleError,
  InvalidBookingStateError,
  TicketTypeNotOnSaleError,
} from '@app/bookings';
import { EventNotFoundError } from '@app/events';
import { BookingNotPayableError, PaymentsService, PaymentStatus, ReviewPaymentUseCase, StartPaymentUseCase } from '@app/payments';
import { ProcessRefundUseCase, RefundStatus } from '@app/refunds';
import { Actor, DomainError, ForbiddenError, Role, ValidationFailedError } from '@app/shared';
import { TicketsService, TicketStatus } from '@app/tickets';
import { expireHolds } from '../factories/clock.js';
import { bookWithServices, createEventWithServices } from '../factories/events.js';
import { actorOf, createUser } from '../factories/users.js';
import { expectConsistentLedger, query } from '../setup/db.js';
import { ServiceModule, startServiceModule } from '../setup/service-module.js';

describe('holds that expire, late payments and the booking rules (service)', () => {
  let t: ServiceModule;
  let admin: Actor;
  let buyer: Actor;
  let other: Actor;
  const PRICE = 100_000;

  beforeAll(async () => {
    t = await startServiceModule();
    admin = actorOf(await createUser(t, [Role.Admin]));
    buyer = actorOf(await createUser(t, [Role.Customer]));
    other = actorOf(await createUser(t, [Role.Customer]));
  });
  afterAll(() => t?.close());

  const smallEvent = (capacity = 2) => createEventWithServices(t, admin, { capacity, ticketTypes: [{ price: PRICE, quantity: capacity }] });

  it('the sweeper expires a hold whose time is up, once: its seats come back, and the booking can no longer be paid or cancelled', async () => {
    const event = await smallEvent();
    const held = await bookWithServices(t, buyer, event.id, event.ticketTypes[0]!.id, 2);
    expect(await expireHolds(t, event.id)).toBe(1);

    const bookings = t.app.get(BookingsService);
    expect(await bookings.expireDue()).toBe(1);
    expect(await bookings.expireDue()).toBe(0);
    const expired = await bookings.get(buyer, held.id);
    expect(expired.status).toBe(BookingStatus.Expired);
    expect(expired.expiredAt).toBeInstanceOf(Date);
    expect((await expectConsistentLedger(t, event.id)).event).toMatchObject({ held: 0, sold: 0 });

    await expect(t.app.get(StartPaymentUseCase).execute(buyer, held.id, 'manual')).rejects.toBeInstanceOf(BookingNotPayableError);
    await expect(bookings.cancel(buyer, held.id)).rejects.toMatchObject({ constructor: InvalidBookingStateError, extra: { bookingStatus: 'expired' } });
  });

  it("an admin cancels a customer's hold: the seats come back once, it is audited, and a second cancel is refused", async () => {
    const event = await smallEvent();
    const held = await bookWithServices(t, buyer, event.id, event.ticketTypes[0]!.id, 2);
    const bookings = t.app.get(BookingsService);

    expect((await bookings.cancel(admin, held.id)).status).toBe(BookingStatus.Cancelled);
    await expect(bookings.cancel(buyer, held.id)).rejects.toMatchObject({ constructor: InvalidBookingStateError, extra: { bookingStatus: 'cancelled' } });
    const audit = await query<{ actor_id: string }>(t, `SELECT actor_id FROM audit_logs WHERE entity_id = $1 AND action = 'booking.cancelled'`, [held.id]);
    expect(audit).toEqual([{ actor_id: admin.userId }]);
    expect((await expectConsistentLedger(t, event.id)).event).toMatchObject({ held: 0, sold: 0 });
  });

  it('a sold-out request first releases the holds that have run out but were not swept yet, then holds', async () => {
    const event = await smallEvent();
    const type = event.ticketTypes[0]!;
    const lapsed = await bookWithServices(t, buyer, event.id, type.id, 2);
    await expireHolds(t, event.id);

    const taken = await bookWithServices(t, other, event.id, type.id, 2);
    expect(taken.status).toBe(BookingStatus.PendingPayment);
    expect((await t.app.get(BookingsService).find(lapsed.id))!.status).toBe(BookingStatus.Expired);
    expect((await expectConsistentLedger(t, event.id)).event).toMatchObject({ held: 2, sold: 0 });
  });

  it('a manual payment approved after its hold expired re-takes the seats when they are still free', async () => {
    const event = await smallEvent();
    const held = await bookWithServices(t, buyer, event.id, event.ticketTypes[0]!.id, 2);
    const payment = await t.app.get(StartPaymentUseCase).execute(buyer, held.id, 'manual');
    await expireHolds(t, event.id);
    await t.app.get(BookingsService).expireDue();

    const approved = await t.app.get(ReviewPaymentUseCase).approve(admin, payment.id);
    expect(approved.status).toBe(PaymentStatus.Succeeded);
    expect((await t.app.get(BookingsService).find(held.id))!.status).toBe(BookingStatus.Confirmed);
    expect((await t.app.get(TicketsService).listByBooking(held.id)).map((tk) => tk.status)).toEqual([TicketStatus.Valid, TicketStatus.Valid]);
    const audit = await query<{ action: string }>(t, `SELECT action FROM audit_logs WHERE entity_id = $1 AND action = 'booking.retaken_after_expiry'`, [
      held.id,
    ]);
    expect(audit).toHaveLength(1);
    expect((await expectConsistentLedger(t, event.id)).event).toMatchObject({ held: 0, sold: 2 });
  });

  it('a payment approved after its seats were sold to someone else is refunded in full automatically (payments -> refunds)', async () => {
    const event = await smallEvent();
    const type = event.ticketTypes[0]!;
    const held = await bookWithServices(t, buyer, event.id, type.id, 2);
    const payment = await t.app.get(StartPaymentUseCase).execute(buyer, held.id, 'manual');
    await expireHolds(t, event.id);
    await t.app.get(BookingsService).expireDue();
    const rival = await bookWithServices(t, other, event.id, type.id, 2);

    const approved = await t.app.get(ReviewPaymentUseCase).approve(admin, payment.id);
    expect(approved.status).toBe(PaymentStatus.Succeeded);
    expect((await t.app.get(BookingsService).find(held.id))!.status).toBe(BookingStatus.Expired);
    expect(await t.app.get(TicketsService).listByBooking(held.id)).toEqual([]);
    const [queued] = await query<{ kind: string; status: string; amount: number }>(
      t,
      'SELECT kind, status, amount::int AS amount FROM refunds WHERE payment_id = $1',
      [payment.id],
    );
    expect(queued).toEqual({ kind: 'automatic', status: RefundStatus.Approved, amount: 2 * PRICE });

    expect(await t.app.get(ProcessRefundUseCase).processDue()).toBe(1);
    expect(await t.app.get(PaymentsService).find(payment.id)).toMatchObject({ status: PaymentStatus.Refunded, refundedAmount: 2 * PRICE });
    // The rival's hold is untouched; the money counters match the rows (paid and refunded).
    expect((await t.app.get(BookingsService).find(rival.id))!.status).toBe(BookingStatus.PendingPayment);
    expect((await expectConsistentLedger(t, event.id)).event).toMatchObject({ held: 2, sold: 0 });
  });

  it("each buyer's limit holds over their bookings: BuyerLimitReachedError says how many they may still take", async () => {
    const event = await createEventWithServices(t, admin, { capacity: 10, maxPerBuyer: 3, ticketTypes: [{ price: PRICE, quantity: 10 }] });
    const type = event.ticketTypes[0]!;
    await bookWithServices(t, buyer, event.id, type.id, 2);
    const refused = await bookWithServices(t, buyer, event.id, type.id, 2).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BuyerLimitReachedError);
    expect(refused).toMatchObject({ maxPerBuyer: 3, remaining: 1, code: 'buyer_limit_reached', kind: 'conflict' });
    // Another buyer has a limit of their own.
    expect((await bookWithServices(t, other, event.id, type.id, 3)).status).toBe(BookingStatus.PendingPayment);
    expect((await expectConsistentLedger(t, event.id)).event).toMatchObject({ held: 5 });
  });

  it('refuses with typed domain errors and holds nothing', async () => {
    const draft = await createEventWithServices(t, admin, { capacity: 5, draft: true, ticketTypes: [{ quantity: 5 }] });
    const later = await createEventWithServices(t, admin, {
      capacity: 5,
      ticketTypes: [{ quantity: 5, salesStartAt: new Date(Date.now() + 3600_000).toISOString() }],
    });
    const open = await smallEvent(5);
    const type = open.ticketTypes[0]!.id;
    const create = t.app.get(CreateBookingUseCase);

    // A customer does not see a draft; an admin sees it but it is not on sale.
    await expect(bookWithServices(t, buyer, draft.id, draft.ticketTypes[0]!.id, 1)).rejects.toBeInstanceOf(EventNotFoundError);
    await expect(bookWithServices(t, admin, draft.id, draft.ticketTypes[0]!.id, 1)).rejects.toBeInstanceOf(EventNotOnSaleError);
    await expect(bookWithServices(t, buyer, later.id, later.ticketTypes[0]!.id, 1)).rejects.toMatchObject({
      constructor: TicketTypeNotOnSaleError,
      extra: { ticketTypeId: later.ticketTypes[0]!.id },
    });
    await expect(create.execute(buyer, { eventId: open.id, items: [{ ticketTypeId: type, quantity: 1 }], userId: other.userId })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const invalid = await create
      .execute(buyer, {
        eventId: open.id,
        items: [
          { ticketTypeId: type, quantity: 1 },
          { ticketTypeId: type, quantity: 1 },
        ],
        attendees: [{ name: 'A' }, { name: 'B' }, { name: 'C' }],
      })
      .catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ValidationFailedError);
    expect((invalid as ValidationFailedError).errors).toEqual([
      { field: 'items[1].ticketTypeId', message: 'each ticket type may appear once' },
      { field: 'attendees', message: 'there are more attendees than seats' },
    ]);

    // Someone else's booking does not exist for a customer; every refusal is a DomainError the HTTP layer maps by kind.
    const mine = await bookWithServices(t, buyer, open.id, type, 1);
    const hidden = await t.app
      .get(BookingsService)
      .get(other, mine.id)
      .catch((e: unknown) => e);
    expect(hidden).toBeInstanceOf(BookingNotFoundError);
    expect(hidden).toBeInstanceOf(DomainError);
    expect(hidden).toMatchObject({ code: 'booking_not_found', kind: 'not_found' });

    for (const event of [draft, later]) expect((await expectConsistentLedger(t, event.id)).event).toMatchObject({ held: 0, sold: 0 });
    expect((await expectConsistentLedger(t, open.id)).event).toMatchObject({ held: 1, sold: 0 });
  });
});
