import { decideScan, isEventOpen, ScanDirection, ScanEvent, ScanResult, ScanTicket, TicketRef } from './check-in.js';
import { TicketStatus } from './ticket.js';

const HOUR = 3600_000;
const now = new Date('2026-12-31T18:00:00.000Z');
const event: ScanEvent = { id: 'e1', status: 'published', startsAt: new Date(now.getTime() + HOUR), endsAt: new Date(now.getTime() + 5 * HOUR) };
const ticket: ScanTicket = {
  id: 't1',
  eventId: 'e1',
  ticketTypeId: 'tt1',
  ticketTypeName: 'VIP',
  holderName: 'Ada',
  version: 1,
  status: TicketStatus.Valid,
  checkedInAt: null,
  checkedInGate: null,
  bookingStatus: 'confirmed',
  entries: 0,
  exits: 0,
  reentry: false,
};
const byPayload: TicketRef = { by: 'payload', ticketId: 't1', version: 1 };
const opens = 4 * HOUR;
const decide = (t: Partial<ScanTicket> | null, ref: TicketRef = byPayload, at = now, e: Partial<ScanEvent> = {}, direction = ScanDirection.Entry) =>
  decideScan({ event: { ...event, ...e }, ticket: t ? { ...ticket, ...t } : null }, ref, at, opens, direction).result;
const exit = (t: Partial<ScanTicket>, at = now) => decide(t, byPayload, at, {}, ScanDirection.Exit);
/** A ticket inside (entered `n` times, left `n - 1`) or outside after `n` entries and exits. */
const inside = (n = 1): Partial<ScanTicket> => ({ status: TicketStatus.CheckedIn, checkedInAt: now, entries: n, exits: n - 1 });
const left = (n = 1): Partial<ScanTicket> => ({ status: TicketStatus.CheckedIn, checkedInAt: now, entries: n, exits: n });

describe('decideScan', () => {
  it('admits a valid ticket of a paid booking inside the window', () => {
    expect(decide({})).toBe(ScanResult.Ok);
    expect(decide({ bookingStatus: 'partially_refunded' })).toBe(ScanResult.Ok);
    expect(decide({}, { by: 'code', code: 'TKT-20261231-AAAAAAAA' })).toBe(ScanResult.Ok);
  });

  it('explains each refusal', () => {
    expect(decide(null)).toBe(ScanResult.Invalid);
    expect(decide({ eventId: 'e2' })).toBe(ScanResult.WrongEvent);
    expect(decide({ version: 2 })).toBe(ScanResult.Invalid);
    expect(decide({ version: 2, status: TicketStatus.Transferred })).toBe(ScanResult.Transferred);
    expect(decide({ status: TicketStatus.Transferred })).toBe(ScanResult.Transferred);
    expect(decide({ status: TicketStatus.Cancelled })).toBe(ScanResult.Cancelled);
    expect(decide({ status: TicketStatus.Refunded })).toBe(ScanResult.Refunded);
    expect(decide(inside())).toBe(ScanResult.AlreadyCheckedIn);
    expect(decide({ bookingStatus: 'cancelled' })).toBe(ScanResult.Cancelled);
    expect(decide({ bookingStatus: 'refunded' })).toBe(ScanResult.Refunded);
    expect(decide({ bookingStatus: 'pending_payment' })).toBe(ScanResult.Unpaid);
    expect(decide({ bookingStatus: 'expired' })).toBe(ScanResult.Unpaid);
    expect(decide({}, byPayload, new Date(event.startsAt.getTime() - opens - 1))).toBe(ScanResult.EventNotOpen);
    expect(decide({}, byPayload, new Date(event.endsAt.getTime() + 1))).toBe(ScanResult.EventNotOpen);
    expect(decide({}, byPayload, now, { status: 'cancelled' })).toBe(ScanResult.EventNotOpen);
    expect(decide({}, byPayload, now, { status: 'draft' })).toBe(ScanResult.EventNotOpen);
  });

  it('says when an earlier scan should take over a later check-in', () => {
    const later = new Date(now.getTime() + 10 * 60_000);
    expect(decideScan({ event, ticket: { ...ticket, ...inside(), checkedInAt: later } }, byPayload, now, opens)).toEqual({
      result: ScanResult.AlreadyCheckedIn,
      earlierThanCheckIn: true,
    });
    expect(decideScan({ event, ticket: { ...ticket, ...inside() } }, byPayload, later, opens)).toEqual({ result: ScanResult.AlreadyCheckedIn });
    // Once someone has left (or re-entered), the first entry stays: the passages are history.
    expect(decideScan({ event, ticket: { ...ticket, ...left(), checkedInAt: later } }, byPayload, now, opens)).toEqual({ result: ScanResult.AlreadyCheckedIn });
    expect(decideScan({ event, ticket: { ...ticket, ...inside(2), reentry: true, checkedInAt: later } }, byPayload, now, opens)).toEqual({
      result: ScanResult.AlreadyCheckedIn,
    });
  });

  it('lets a holder out once, and in again only on a re-entry type', () => {
    expect(exit(inside())).toBe(ScanResult.Ok);
    expect(exit({})).toBe(ScanResult.NotInside);
    expect(exit(left())).toBe(ScanResult.NotInside);
    expect(decide(left())).toBe(ScanResult.AlreadyCheckedIn);
    expect(decide({ ...left(), reentry: true })).toBe(ScanResult.Ok);
    expect(decide({ ...left(3), reentry: true })).toBe(ScanResult.Ok);
    expect(decide({ ...inside(2), reentry: true })).toBe(ScanResult.AlreadyCheckedIn);
    // Re-entry still needs the window and a paid booking; leaving does not.
    expect(decide({ ...left(), reentry: true }, byPayload, new Date(event.endsAt.getTime() + 1))).toBe(ScanResult.EventNotOpen);
    expect(decide({ ...left(), reentry: true, bookingStatus: 'cancelled' })).toBe(ScanResult.Cancelled);
    expect(exit(inside(), new Date(event.endsAt.getTime() + HOUR))).toBe(ScanResult.Ok);
    expect(exit({ status: TicketStatus.Cancelled })).toBe(ScanResult.Cancelled);
    expect(exit({ status: TicketStatus.Refunded })).toBe(ScanResult.Refunded);
    expect(exit({ status: TicketStatus.Transferred })).toBe(ScanResult.Transferred);
    expect(exit({ eventId: 'e2' })).toBe(ScanResult.WrongEvent);
    expect(decide(null, byPayload, now, {}, ScanDirection.Exit)).toBe(ScanResult.Invalid);
  });

  it('opens the window before the start and closes it at the end, inclusive', () => {
    expect(isEventOpen(event, new Date(event.startsAt.getTime() - opens), opens)).toBe(true);
    expect(isEventOpen(event, event.endsAt, opens)).toBe(true);
    expect(isEventOpen({ ...event, status: 'completed' }, now, opens)).toBe(true);
  });
});
