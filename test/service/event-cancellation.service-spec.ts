import { BookingsService, BookingStatus, CreateBookingUseCase, EventNotOnSaleError } from '@app/bookings';
import { CancelEventUseCase } from '@app/event-cancellation';
import { EventsService, EventStatus, InvalidEventStateError } from '@app/events';
import { PaymentsService, PaymentStatus } from '@app/payments';
import { ProcessRefundUseCase, RefundStatus, RequestRefundUseCase } from '@app/refunds';
import { Actor, Role } from '@app/shared';
import { CheckInService, TicketsService, TicketStatus } from '@app/tickets';
import { AcceptTransferUseCase, EventCancelledError, OfferTransferUseCase, TransfersService, TransferStatus } from '@app/transfers';
import { bookWithServices, createEventWithServices } from '../factories/events.js';
import { payManually } from '../factories/payments.js';
import { actorOf, createUser } from '../factories/users.js';
import { expectConsistentLedger, query } from '../setup/db.js';
import { ServiceModule, startServiceModule } from '../setup/service-module.js';

describe('cancelling an event: every booking handled across the libs (service)', () => {
  let t: ServiceModule;
  let admin: Actor;
  let scanner: Actor;
  const PRICE = 300_000;

  beforeAll(async () => {
    t = await startServiceModule();
    admin = actorOf(await createUser(t, [Role.Admin]));
    scanner = actorOf(await createUser(t, [Role.Scanner]));
  });
  afterAll(() => t?.close());

  const customer = async (name: string) => actorOf(await createUser(t, [Role.Customer], name));

  it('pending holds released, paid bookings refunded in full (less what was refunded), free ones cancelled, offers withdrawn, everyone told', async () => {
    const event = await createEventWithServices(t, admin, {
      capacity: 20,
      startsInHours: 1,
      ticketTypes: [
        { name: 'Paid', price: PRICE, quantity: 15 },
        { name: 'Free', price: 0, quantity: 5 },
      ],
    });
    const [paidType, freeType] = event.ticketTypes;
    const create = t.app.get(CreateBookingUseCase);
    const book = (actor: Actor, ticketTypeId: string, quantity: number) => create.execute(actor, { eventId: event.id, items: [{ ticketTypeId, quantity }] });
    const [ada, ben, cleo, dan, eve] = await Promise.all(['Ada', 'Ben', 'Cleo', 'Dan', 'Eve'].map(customer));

    // Ada: paid 2, one of them checked in (she is inside).
    const adaBooking = await book(ada!, paidType!.id, 2);
    const adaPayment = await payManually(t, ada!, admin, adaBooking.id);
    const [adaInside] = await t.app.get(TicketsService).listByBooking(adaBooking.id);
    await t.app.get(CheckInService).scan(scanner, { eventId: event.id, code: adaInside!.code });
    // Ben: paid 3, one refunded already, one offered to Eve.
    const benBooking = await book(ben!, paidType!.id, 3);
    const benPayment = await payManually(t, ben!, admin, benBooking.id);
    const benTickets = await t.app.get(TicketsService).listByBooking(benBooking.id);
    const earlier = await t.app.get(RequestRefundUseCase).execute(ben!, { bookingId: benBooking.id, ticketIds: [benTickets[0]!.id], reason: 'one fewer' });
    expect((await t.app.get(ProcessRefundUseCase).approve(admin, earlier.id)).status).toBe(RefundStatus.Completed);
    const offer = await t.app.get(OfferTransferUseCase).execute(ben!, { ticketId: benTickets[1]!.id, toEmail: eve!.email });
    // Cleo: an unpaid hold. Dan: free seats.
    const cleoBooking = await book(cleo!, paidType!.id, 4);
    const danBooking = await book(dan!, freeType!.id, 2);
    expect(danBooking.status).toBe(BookingStatus.Confirmed);

    const result = await t.app.get(CancelEventUseCase).execute(admin, event.id);
    expect(result).toEqual({ handled: 4 });
    expect((await t.app.get(EventsService).find(event.id))!.status).toBe(EventStatus.Cancelled);

    const bookings = t.app.get(BookingsService);
    for (const booking of [adaBooking, benBooking, cleoBooking, danBooking]) expect((await bookings.find(booking.id))!.status).toBe(BookingStatus.Cancelled);
    const statuses = async (bookingId: string) => (await t.app.get(TicketsService).listByBooking(bookingId)).map((tk) => tk.status);
    expect(await statuses(adaBooking.id)).toEqual([TicketStatus.CheckedIn, TicketStatus.Cancelled]);
    expect(await statuses(benBooking.id)).toEqual([TicketStatus.Refunded, TicketStatus.Cancelled, TicketStatus.Cancelled]);
    expect(await statuses(danBooking.id)).toEqual([TicketStatus.Cancelled, TicketStatus.Cancelled]);
    expect(await statuses(cleoBooking.id)).toEqual([]);
    expect((await t.app.get(TransfersService).get(ben!, offer.id)).status).toBe(TransferStatus.Cancelled);

    // The refunds: what each paid booking has not had back, queued for the processor.
    const refunds = await query<{ booking_id: string; amount: number; status: string }>(
      t,
      `SELECT booking_id, amount::int AS amount, status FROM refunds WHERE kind = 'event_cancelled' AND booking_id = ANY($1::uuid[]) ORDER BY amount`,
      [[adaBooking.id, benBooking.id, cleoBooking.id, danBooking.id]],
    );
    expect(refunds).toEqual([
      { booking_id: adaBooking.id, amount: 2 * PRICE, status: RefundStatus.Approved },
      { booking_id: benBooking.id, amount: 2 * PRICE, status: RefundStatus.Approved },
    ]);
    expect(await t.app.get(ProcessRefundUseCase).processDue()).toBe(2);
    for (const payment of [adaPayment, benPayment]) {
      expect(await t.app.get(PaymentsService).find(payment.id)).toMatchObject({ status: PaymentStatus.Refunded, refundedAmount: payment.amount });
    }

    // One e-mail per buyer; only Ada's checked-in seat stays sold; revenue and refunds balance.
    const told = await query<{ to: string }>(
      t,
      `SELECT "to" FROM outbox_messages WHERE template = 'event-cancelled' AND data->>'eventTitle' = $1 ORDER BY "to"`,
      [(await t.app.get(EventsService).find(event.id))!.title],
    );
    expect(told.map((m) => m.to)).toEqual([ada!.email, ben!.email, cleo!.email, dan!.email].sort());
    const ledger = await expectConsistentLedger(t, event.id);
    expect(ledger.event).toMatchObject({ sold: 1, held: 0 });
    const [money] = await query<{ revenue: number; refunded: number }>(
      t,
      'SELECT sum(revenue)::int AS revenue, sum(refunded)::int AS refunded FROM event_money WHERE event_id = $1',
      [event.id],
    );
    expect(money).toEqual({ revenue: 5 * PRICE, refunded: 5 * PRICE });

    // Resumable and done once: nothing left to handle, nothing refunded twice.
    expect(await t.app.get(CancelEventUseCase).handleBookings(100, event.id)).toBe(0);
    expect(await t.app.get(ProcessRefundUseCase).processDue()).toBe(0);
  });

  it('afterwards: cancelling again, booking and accepting an offer are refused with typed errors; a draft is not cancelled', async () => {
    const event = await createEventWithServices(t, admin, { capacity: 5, ticketTypes: [{ price: PRICE, quantity: 5 }] });
    const [holder, friend] = [await customer('Holder'), await customer('Friend')];
    const booking = await t.app
      .get(CreateBookingUseCase)
      .execute(holder, { eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 1 }] });
    await payManually(t, holder, admin, booking.id);
    const [ticket] = await t.app.get(TicketsService).listByBooking(booking.id);
    const offer = await t.app.get(OfferTransferUseCase).execute(holder, { ticketId: ticket!.id, toEmail: friend.email });

    // Cancelled with no booking handled yet (batch 0): the job's pass comes later.
    expect(await t.app.get(CancelEventUseCase).execute(admin, event.id, 0)).toEqual({ handled: 0 });
    await expect(t.app.get(AcceptTransferUseCase).execute(friend, offer.id)).rejects.toBeInstanceOf(EventCancelledError);
    await expect(t.app.get(CancelEventUseCase).execute(admin, event.id)).rejects.toMatchObject({
      constructor: InvalidEventStateError,
      code: 'invalid_event_state',
    });
    await expect(bookWithServices(t, friend, event.id, event.ticketTypes[0]!.id, 1)).rejects.toBeInstanceOf(EventNotOnSaleError);
    // The job's pass handles the booking left.
    expect(await t.app.get(CancelEventUseCase).handleBookings(100, event.id)).toBe(1);
    expect((await t.app.get(TicketsService).find(ticket!.id))!.status).toBe(TicketStatus.Cancelled);
    expect((await expectConsistentLedger(t, event.id)).event).toMatchObject({ sold: 0, held: 0 });

    const draft = await createEventWithServices(t, admin, { capacity: 5, draft: true, ticketTypes: [{ quantity: 5 }] });
    await expect(t.app.get(CancelEventUseCase).execute(admin, draft.id)).rejects.toBeInstanceOf(InvalidEventStateError);
    expect((await t.app.get(EventsService).find(draft.id))!.status).toBe(EventStatus.Draft);
  });
});
