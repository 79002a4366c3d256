import { decideScan, isEventOpen, ScanEvent, ScanResult, ScanTicket, TicketRef } from './check-in.js';
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
};
const byPayload: TicketRef = { by: 'payload', ticketId: 't1', version: 1 };
const opens = 4 * HOUR;
const decide = (t: Partial<ScanTicket> | null, ref: TicketRef = byPayload, at = now, e: Partial<ScanEvent> = {}) =>
  decideScan({ event: { ...event, ...e }, ticket: t ? { ...ticket, ...t } : null }, ref, at, opens).result;

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
    expect(decide({ status: TicketStatus.CheckedIn, checkedInAt: now })).toBe(ScanResult.AlreadyCheckedIn);
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
    expect(decideScan({ event, ticket: { ...ticket, status: TicketStatus.CheckedIn, checkedInAt: later } }, byPayload, now, opens)).toEqual({
      result: ScanResult.AlreadyCheckedIn,
      earlierThanCheckIn: true,
    });
    expect(decideScan({ event, ticket: { ...ticket, status: TicketStatus.CheckedIn, checkedInAt: now } }, byPayload, later, opens)).toEqual({ result: ScanResult.AlreadyCheckedIn });
  });

  it('opens the window before the start and closes it at the end, inclusive', () => {
    expect(isEventOpen(event, new Date(event.startsAt.getTime() - opens), opens)).toBe(true);
    expect(isEventOpen(event, event.endsAt, opens)).toBe(true);
    expect(isEventOpen({ ...event, status: 'completed' }, now, opens)).toBe(true);
  });
});
