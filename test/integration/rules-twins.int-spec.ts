import {
  Booking,
  BOOKING_TRANSITIONS,
  BookingRepository,
  BookingStatus,
  BookingTransition,
  canTransition,
  isPaidBooking,
  OPEN_BOOKING_STATUSES,
  PAID_BOOKING_STATUSES,
} from '@app/bookings';
import { effectiveStatus, EventStatus, fitsInOneBooking, isEventOnSale, isOnSale, SELLING_EVENT_STATUSES } from '@app/events';
import { PAID_STATUSES, PaymentStatus, REFUNDABLE_PAYMENT_STATUSES } from '@app/payments';
import { newId } from '@app/shared';
import { isEventOpen, SCANNABLE_EVENT_STATUSES } from '@app/tickets';
import { DatabaseContext } from '../../libs/infrastructure/src/persistence/database-context.js';
import {
  effectiveEventStatusSql,
  eventEndedSellingSql,
  eventOnSaleSql,
  fitsInOneBookingSql,
  salesWindowOpenSql,
  scanWindowOpenSql,
  sqlTextArray,
  statusInSql,
} from '../../libs/infrastructure/src/persistence/rules.sql.js';
import { createEvent, CreatedEvent } from '../factories/events.js';
import { createAdmin, SignedInUser, signUpCustomer } from '../factories/users.js';
import { query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

const MS = 1;
const DAY = 86_400_000;

/**
 * Each rule that TypeScript and SQL both apply, run both ways over the same generated rows (every
 * status, times on and around each bound) in PostgreSQL: the SQL fragment the adapters use
 * (libs/infrastructure/src/persistence/rules.sql.ts, bound to the domain constant) and the domain
 * predicate must give the same answer on every row. Rows built relative to the statement's `now()`
 * sit on the bound exactly or a millisecond either side: JavaScript dates hold milliseconds, so a
 * row nearer than that to `now()` could not be compared fairly.
 */
describe('rules written in TypeScript and SQL (twins)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ JOBS_ENABLED: 'false' });
  });
  afterAll(() => t.close());

  const bookingStatuses = [...Object.values(BookingStatus), 'unknown'];
  const eventStatuses = [...Object.values(EventStatus), 'unknown'];
  /** Offsets from `now()`, milliseconds: on the bound, a millisecond either side, and far. */
  const aroundNow = [-DAY, -MS, 0, MS, DAY];

  it('paid booking: status = ANY(PAID_BOOKING_STATUSES) is isPaidBooking', async () => {
    const rows = await query<{ status: string; paid: boolean }>(t, `SELECT b.status, ${statusInSql('b', '$2')} AS paid FROM unnest($1::text[]) AS b(status)`, [
      bookingStatuses,
      PAID_BOOKING_STATUSES,
    ]);
    expect(rows).toHaveLength(bookingStatuses.length);
    expect(rows.map((r) => [r.status, r.paid])).toEqual(rows.map((r) => [r.status, isPaidBooking(r.status)]));
    expect(rows.filter((r) => r.paid).map((r) => r.status)).toEqual([BookingStatus.Confirmed, BookingStatus.PartiallyRefunded]);
  });

  it('booking transitions: each adapter statement moves a booking exactly from the statuses BOOKING_TRANSITIONS lists', async () => {
    const admin = await createAdmin(t);
    const buyer = await signUpCustomer(t, { name: 'Twin' });
    const event = await createEvent(t, admin, { capacity: 100, ticketTypes: [{ name: 'Paid', price: 1000, quantity: 100 }] });
    const repo = t.app.get(BookingRepository);
    const calls: Record<BookingTransition, (id: string) => Promise<Booking | null>> = {
      confirm: (id) => repo.confirm(id),
      retake: (id) => repo.retake(id),
      release: (id) => repo.release(id, BookingStatus.Expired),
      settleRefund: (id) => repo.settleAfterRefund(id, false),
      cancelPaid: (id) => repo.cancelConfirmed(id),
    };
    const seen: string[] = [];
    for (const transition of Object.keys(BOOKING_TRANSITIONS) as BookingTransition[]) {
      for (const status of Object.values(BookingStatus)) {
        const moved = await inRolledBackTransaction(t, async () => {
          const id = await insertBooking(t, event, buyer, status);
          return calls[transition](id);
        });
        seen.push(`${transition} from ${status}: ${moved ? 'moved' : 'refused'}`);
        expect({ transition, status, moved: moved !== null }).toEqual({ transition, status, moved: canTransition(status, transition) });
        if (moved) expect((BOOKING_TRANSITIONS[transition].to as readonly string[]).includes(moved.status)).toBe(true);
      }
    }
    expect(seen.filter((s) => s.endsWith('moved'))).toHaveLength(Object.values(BOOKING_TRANSITIONS).reduce((n, tr) => n + tr.from.length, 0));
  });

  it("open bookings of a cancelled event: the claim takes exactly OPEN_BOOKING_STATUSES (release's and cancelPaid's starting statuses)", async () => {
    const admin = await createAdmin(t);
    const buyer = await signUpCustomer(t, { name: 'Twin' });
    const event = await createEvent(t, admin, { capacity: 100, ticketTypes: [{ name: 'Paid', price: 1000, quantity: 100 }] });
    const repo = t.app.get(BookingRepository);
    await query(t, `UPDATE events SET status = 'cancelled' WHERE id = $1`, [event.id]);
    const claimed: string[] = [];
    for (const status of Object.values(BookingStatus)) {
      const id = await insertBooking(t, event, buyer, status);
      const claim = await inRolledBackTransaction(t, () => repo.claimOfCancelledEvent(event.id));
      expect({ status, claimed: claim !== null }).toEqual({ status, claimed: (OPEN_BOOKING_STATUSES as readonly string[]).includes(status) });
      if (claim) claimed.push(claim.status);
      await query(t, 'DELETE FROM booking_items WHERE booking_id = $1', [id]);
      await query(t, 'DELETE FROM bookings WHERE id = $1', [id]);
    }
    expect(claimed.sort()).toEqual([...OPEN_BOOKING_STATUSES].sort());
    expect(OPEN_BOOKING_STATUSES.every((s) => canTransition(s, 'release') || canTransition(s, 'cancelPaid'))).toBe(true);
  });

  it('event on sale and effective status: the SQL of the hold, the list filters and the stats are isEventOnSale and effectiveStatus', async () => {
    const rows = await query<{ now: Date; status: string; ends_at: Date; on_sale: boolean; ended_selling: boolean; effective: string }>(
      t,
      `SELECT now() AS now, e.status, e.ends_at,
              ${eventOnSaleSql('e', '$3')} AS on_sale,
              ${eventEndedSellingSql('e', '$3')} AS ended_selling,
              ${effectiveEventStatusSql('e', '$3', '$4')} AS effective
         FROM unnest($1::text[]) AS s(status) CROSS JOIN unnest($2::float8[]) AS o(ms),
              LATERAL (SELECT s.status, now() + o.ms * interval '1 millisecond' AS ends_at) e`,
      [eventStatuses, aroundNow, SELLING_EVENT_STATUSES, EventStatus.Completed],
    );
    expect(rows).toHaveLength(eventStatuses.length * aroundNow.length);
    for (const row of rows) {
      const event = { status: row.status as EventStatus, endsAt: row.ends_at };
      const ts = {
        onSale: isEventOnSale(event, row.now),
        endedSelling: effectiveStatus(event, row.now) === EventStatus.Completed && row.status !== EventStatus.Completed,
        effective: effectiveStatus(event, row.now),
      };
      expect({ ...event, sql: { onSale: row.on_sale, endedSelling: row.ended_selling, effective: row.effective } }).toEqual({ ...event, sql: ts });
    }
    // Both answers occur, and the bound itself (ends_at = now()) is ended on both sides.
    expect(rows.filter((r) => r.on_sale).length).toBeGreaterThan(0);
    expect(rows.find((r) => r.status === EventStatus.Published && r.ends_at.getTime() === r.now.getTime())?.effective).toBe(EventStatus.Completed);
  });

  it("ticket type on sale: the hold's sales-window SQL is isOnSale over every pair of bounds around now", async () => {
    const bounds = [null, ...aroundNow];
    const rows = await query<{ now: Date; sales_start_at: Date | null; sales_end_at: Date | null; on_sale: boolean }>(
      t,
      `SELECT now() AS now, tt.sales_start_at, tt.sales_end_at, ${salesWindowOpenSql('tt')} AS on_sale
         FROM unnest($1::float8[]) AS s(ms) CROSS JOIN unnest($1::float8[]) AS e(ms),
              LATERAL (SELECT now() + s.ms * interval '1 millisecond' AS sales_start_at, now() + e.ms * interval '1 millisecond' AS sales_end_at) tt`,
      [bounds],
    );
    expect(rows).toHaveLength(bounds.length ** 2);
    for (const row of rows) {
      const type = { salesStartAt: row.sales_start_at, salesEndAt: row.sales_end_at };
      expect({ ...type, onSale: row.on_sale }).toEqual({ ...type, onSale: isOnSale(type, row.now) });
    }
    expect(rows.some((r) => r.on_sale) && rows.some((r) => !r.on_sale)).toBe(true);
  });

  it("maxPerBooking: the hold's SQL bound is fitsInOneBooking for quantities around the limit", async () => {
    const limits = [1, 4, 10];
    const quantities = Array.from({ length: 12 }, (_, i) => i + 1);
    const rows = await query<{ max_per_booking: number; quantity: number; fits: boolean }>(
      t,
      `SELECT tt.max_per_booking, q.quantity, ${fitsInOneBookingSql('tt', 'q.quantity')} AS fits
         FROM unnest($1::int[]) AS tt(max_per_booking) CROSS JOIN unnest($2::int[]) AS q(quantity)`,
      [limits, quantities],
    );
    expect(rows).toHaveLength(limits.length * quantities.length);
    for (const row of rows) expect({ ...row }).toEqual({ ...row, fits: fitsInOneBooking({ maxPerBooking: row.max_per_booking }, row.quantity) });
  });

  it("scan window: the admit statement's event condition is isEventOpen over every status and times at the window's bounds", async () => {
    const opensBeforeMs = 30 * 60_000;
    const startsAt = new Date(Date.UTC(2030, 0, 1, 18));
    const endsAt = new Date(startsAt.getTime() + 4 * 3600_000);
    const opens = startsAt.getTime() - opensBeforeMs;
    const times = [
      opens - DAY,
      opens - MS,
      opens,
      opens + MS,
      startsAt.getTime(),
      endsAt.getTime() - MS,
      endsAt.getTime(),
      endsAt.getTime() + MS,
      endsAt.getTime() + DAY,
    ].map((ms) => new Date(ms));
    const rows = await query<{ status: string; at: Date; open: boolean }>(
      t,
      `SELECT e.status, a.at, ${scanWindowOpenSql('e', '$4', 'a.at', '$5')} AS open
         FROM unnest($1::text[]) AS s(status) CROSS JOIN unnest($2::timestamptz[]) AS a(at),
              LATERAL (SELECT s.status, $3::timestamptz - interval '4 hours' AS starts_at, $3::timestamptz AS ends_at) e`,
      [eventStatuses, times, endsAt, SCANNABLE_EVENT_STATUSES, opensBeforeMs],
    );
    expect(rows).toHaveLength(eventStatuses.length * times.length);
    for (const row of rows) {
      const event = { id: 'e', status: row.status, startsAt, endsAt };
      expect({ status: row.status, at: row.at, open: row.open }).toEqual({ status: row.status, at: row.at, open: isEventOpen(event, row.at, opensBeforeMs) });
    }
    expect(rows.some((r) => r.open) && rows.some((r) => !r.open)).toBe(true);
  });

  it('payment statuses: money received (PAID_STATUSES) and refundable (REFUNDABLE_PAYMENT_STATUSES) in SQL are the lists', async () => {
    const statuses = [...Object.values(PaymentStatus), 'unknown'];
    const rows = await query<{ status: string; paid: boolean; refundable: boolean }>(
      t,
      `SELECT p.status, ${statusInSql('p', '$2')} AS paid, ${statusInSql('p', '$3')} AS refundable FROM unnest($1::text[]) AS p(status)`,
      [statuses, PAID_STATUSES, REFUNDABLE_PAYMENT_STATUSES],
    );
    const has = (list: readonly string[], s: string) => list.includes(s);
    expect(rows).toEqual(statuses.map((s) => ({ status: s, paid: has(PAID_STATUSES, s), refundable: has(REFUNDABLE_PAYMENT_STATUSES, s) })));
  });

  it('a static status list (sqlTextArray) quotes each value and means the same list', async () => {
    const values = [...BOOKING_TRANSITIONS.release.from, "o'brien"];
    const [row] = await query<{ list: string[] }>(t, `SELECT ${sqlTextArray(values)} AS list`);
    expect(row!.list).toEqual(values);
  });
});

/** Runs `work` in a transaction that is always rolled back; returns what `work` returned. */
async function inRolledBackTransaction<T>(t: TestApp, work: () => Promise<T>): Promise<T> {
  const rollback = new Error('rollback');
  let result: T | undefined;
  await t.app
    .get(DatabaseContext)
    .run(async () => {
      result = await work();
      throw rollback;
    })
    .catch((error: unknown) => {
      if (error !== rollback) throw error;
    });
  return result as T;
}

/**
 * A booking of one seat in `status`, as its statuses leave it: held seats for a pending hold,
 * sold seats for a paid one, with its item and the buyer's seat counter.
 */
async function insertBooking(t: TestApp, event: CreatedEvent, buyer: SignedInUser, status: BookingStatus): Promise<string> {
  const id = newId();
  const type = event.ticketTypes[0]!;
  const held = status === BookingStatus.PendingPayment ? 1 : 0;
  const sold = status === BookingStatus.Confirmed || status === BookingStatus.PartiallyRefunded ? 1 : 0;
  // Through the app's context: inside a transaction of inRolledBackTransaction, this rolls back too.
  const sql = (text: string, params: unknown[]) => t.app.get(DatabaseContext).sql(text, params);
  await sql(
    `INSERT INTO bookings (id, event_id, user_id, status, total_amount, currency, attendees, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, '[]'::jsonb, now() - interval '1 second')`,
    [id, event.id, buyer.id, status, type.price, event.currency],
  );
  await sql('INSERT INTO booking_items (booking_id, ticket_type_id, quantity, unit_price) VALUES ($1, $2, 1, $3)', [id, type.id, type.price]);
  await sql('UPDATE events SET held = held + $2, sold = sold + $3 WHERE id = $1', [event.id, held, sold]);
  await sql('UPDATE ticket_types SET held = held + $2, sold = sold + $3 WHERE id = $1', [type.id, held, sold]);
  if (held + sold) {
    await sql(`INSERT INTO buyer_seats AS s (event_id, user_id, seats) VALUES ($1, $2, 1) ON CONFLICT (event_id, user_id) DO UPDATE SET seats = s.seats + 1`, [
      event.id,
      buyer.id,
    ]);
  }
  return id;
}
