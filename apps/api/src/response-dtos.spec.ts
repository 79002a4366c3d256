import type { AuditRecord } from '@app/shared';
import { Role } from '@app/shared';
import type { EventStats, SalesSeries, StatsOverview } from '@app/events';
import { SalesInterval } from '@app/events';
import type { Attendance, EventAttendee, TicketPublicKey } from '@app/tickets';
import { TicketStatus } from '@app/tickets';
import type { AuthSession, PublicUser } from '@app/users';
import { AuditLogResponseDto } from './audit/dto/audit-log.dto.js';
import { AuthSessionResponseDto } from './auth/dto/auth-session.response.dto.js';
import { AttendanceResponseDto, CheckInKeyDto } from './check-ins/dto/check-in.response.dto.js';
import { EventStatsResponseDto } from './events/dto/event.response.dto.js';
import { EventAttendeeResponseDto } from './tickets/dto/event-attendee.dto.js';
import { SalesSeriesResponseDto, StatsOverviewResponseDto } from './stats/dto/stats.dto.js';
import { UserResponseDto } from './users/dto/user.response.dto.js';

/**
 * Response DTOs copy their fields one by one: a domain object that carries more than the API
 * shows (a password hash, a token version, a private key) never leaks through a spread.
 */
describe('response DTOs copy only their own fields', () => {
  const SECRET = 'do-not-leak';
  const extra = { passwordHash: SECRET, tokenVersion: 7 };
  const at = new Date('2026-12-31T19:00:00.000Z');
  const user: PublicUser = {
    id: 'u1',
    email: 'ada@example.com',
    name: 'Ada',
    phone: '+2348012345678',
    roles: [Role.Customer],
    disabled: false,
    emailVerified: true,
    createdAt: at,
  };
  const leaks = (dto: unknown) => JSON.stringify(dto).includes(SECRET) || JSON.stringify(dto).includes('tokenVersion');

  it('users and sessions', () => {
    const dto = UserResponseDto.from({ ...user, ...extra } as PublicUser);
    expect(dto).toEqual({
      id: 'u1',
      email: 'ada@example.com',
      name: 'Ada',
      phone: '+2348012345678',
      roles: ['customer'],
      disabled: false,
      emailVerified: true,
      createdAt: at.toISOString(),
    });
    const session = { user: { ...user, ...extra }, accessToken: 'a', refreshToken: 'r', tokenType: 'Bearer', expiresIn: 900, ...extra } as AuthSession;
    const sessionDto = AuthSessionResponseDto.from(session);
    expect(Object.keys(sessionDto).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'tokenType', 'user']);
    expect(leaks(sessionDto)).toBe(false);
  });

  it('audit records', () => {
    const record: AuditRecord = {
      id: 'a1',
      action: 'user.updated',
      actorId: null,
      entityType: 'user',
      entityId: 'u1',
      details: {},
      ip: null,
      userAgent: null,
      requestId: null,
      createdAt: at,
    };
    const dto = AuditLogResponseDto.from({ ...record, ...extra } as AuditRecord);
    expect(dto).toEqual({ ...record, createdAt: at.toISOString() });
    expect(leaks(dto)).toBe(false);
  });

  it('attendees, check-in keys, attendance and event stats', () => {
    const attendee: EventAttendee = {
      ticketId: 't1',
      code: 'TKT-20261231-7K3QX9MZ',
      status: TicketStatus.Valid,
      holderName: 'Ada',
      holderEmail: null,
      holderPhone: '+2348012345678',
      ticketTypeId: 'tt1',
      ticketTypeName: 'VIP',
      bookingId: 'b1',
      buyerName: 'Ada',
      buyerEmail: 'ada@example.com',
      buyerPhone: null,
      teamName: null,
      issuedAt: at,
      checkedInAt: null,
      checkedInGate: null,
    };
    const attendeeDto = EventAttendeeResponseDto.from({ ...attendee, ...extra } as EventAttendee);
    expect(attendeeDto).toEqual({ ...attendee, issuedAt: at.toISOString(), checkedInAt: null });
    const key: TicketPublicKey = { keyId: 'k', algorithm: 'Ed25519', publicKey: 'p', publicKeyPem: 'pem', current: true };
    expect(CheckInKeyDto.from({ ...key, privateKeyPem: SECRET } as TicketPublicKey)).toEqual(key);
    const attendance: Attendance = {
      eventId: 'e1',
      valid: 2,
      checkedIn: 1,
      notYetIn: 1,
      inside: 1,
      gates: [{ gate: 'North', entries: 2, exits: 1 }],
      ticketTypes: [{ ticketTypeId: 'tt1', name: 'VIP', valid: 2, checkedIn: 1, notYetIn: 1, inside: 1 }],
      byHour: [],
    };
    const attendanceDto = AttendanceResponseDto.from({
      ...attendance,
      ...extra,
      ticketTypes: attendance.ticketTypes.map((t) => ({ ...t, ...extra })),
    } as Attendance);
    expect(attendanceDto).toEqual(attendance);
    const stats: EventStats = {
      eventId: 'e1',
      currency: 'NGN',
      capacity: 10,
      sold: 1,
      held: 0,
      available: 9,
      revenue: 100,
      refunded: 0,
      checkedIn: 0,
      ticketTypes: [],
    };
    const statsDto = EventStatsResponseDto.from({ ...stats, ...extra } as EventStats);
    expect(statsDto).toEqual(stats);
    expect([attendeeDto, attendanceDto, statsDto].some(leaks)).toBe(false);
  });

  it('the stats overview and sales series', () => {
    const overview: StatsOverview = {
      events: { total: 1, draft: 0, published: 1, cancelled: 0, completed: 0 },
      bookings: { total: 1, pendingPayment: 0, confirmed: 1, expired: 0, cancelled: 0, partiallyRefunded: 0, refunded: 0 },
      ticketsSold: 2,
      ticketsCheckedIn: 1,
      money: [{ currency: 'NGN', revenue: 100, refunded: 0 }],
      paymentsAwaitingReview: 0,
      refundsPending: 0,
      refundsProcessing: 0,
    };
    const overviewDto = StatsOverviewResponseDto.from({
      ...overview,
      ...extra,
      events: { ...overview.events, ...extra },
      money: overview.money.map((m) => ({ ...m, ...extra })),
    } as StatsOverview);
    expect(overviewDto).toEqual(overview);
    const figures = { bookings: 1, tickets: 2, revenue: 100 };
    const series: SalesSeries = {
      eventId: 'e1',
      currency: 'NGN',
      interval: SalesInterval.Day,
      from: at,
      to: at,
      ticketTypes: [{ ticketTypeId: 'tt1', name: 'VIP' }],
      buckets: [{ start: at, ...figures, refunded: 0, ticketTypes: [{ ticketTypeId: 'tt1', ...figures }] }],
      totals: { ...figures, refunded: 0 },
    };
    const seriesDto = SalesSeriesResponseDto.from({
      ...series,
      ...extra,
      buckets: series.buckets.map((b) => ({ ...b, ...extra, ticketTypes: b.ticketTypes.map((t) => ({ ...t, ...extra })) })),
    } as SalesSeries);
    expect(seriesDto).toEqual({ ...series, from: at.toISOString(), to: at.toISOString(), buckets: [{ ...series.buckets[0], start: at.toISOString() }] });
    expect([overviewDto, seriesDto].some(leaks)).toBe(false);
  });
});
