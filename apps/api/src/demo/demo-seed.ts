import { randomBytes, randomInt } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DatabaseContext } from '@app/infrastructure';
import { Role } from '@app/shared';
import { UsersService } from '@app/users';
import QRCode from 'qrcode';
import { createApp } from '../app.js';
import { AppConfig } from '../config/app-config.js';
import { JobScheduler } from '../jobs/job-scheduler.js';

/** One demo account, with the password generated for this run (shown once). */
export interface DemoCredential {
  role: 'admin' | 'viewer' | 'scanner' | 'customer';
  name: string;
  email: string;
  password: string;
}

/** What {@link seedDemo} made: the accounts, and the rows per state of each table (`counts.bookings.confirmed`). */
export interface DemoSeedResult {
  credentials: DemoCredential[];
  counts: Record<'events' | 'bookings' | 'payments' | 'refunds' | 'transfers' | 'tickets' | 'checkIns', Record<string, number>>;
}

/** The database already holds events and `force` was not given: nothing was written. */
export class DemoDataExistsError extends Error {
  constructor(readonly events: number) {
    super(`The database already has ${events} event(s); demo data is only added to an empty one. Run again with --force to add it anyway.`);
  }
}

/** An API call of the seed answered something other than what real use answers. */
export class DemoSeedError extends Error {}

/**
 * Fills the database of `config` with a believable organisation, driving the service's own public
 * HTTP API: the app is started in-process on 127.0.0.1:<ephemeral port> (rate limits off, no
 * background jobs or mail worker, holds of 24 h so the review queue stays filled), and every
 * business rule, audit entry and outbox e-mail is what real use produces. Only the first admin is
 * created directly (as `create-admin` does); everyone else through `POST /users` and signs in.
 *
 * Made: 1 admin, 1 viewer, 2 scanners, 8 customers (`<name>.<role>@demo.example`, `+<n>` before the
 * `@` when an earlier run took the address); 7 events (2 draft, 3 published of which one sold out,
 * 1 completed, 1 cancelled); bookings pending, confirmed, cancelled, expired, partially refunded and
 * refunded; manual payments (proof PNG uploaded) approved, rejected and awaiting review; refunds
 * pending, rejected and completed (requested, and from the event cancellation); transfers pending
 * and accepted; an evening of check-ins at two gates.
 *
 * Adjusted afterwards with plain SQL, since the API refuses to book the past (each followed by the
 * job that real time would run): the expired booking's `expires_at` is moved back (then
 * `expire-holds`); the completed event is booked and scanned while it is about to start, then its
 * dates are moved six days back (18:30-23:00 Africa/Lagos, UTC+1) and its scans spread over
 * 18:00-22:00 that evening (then `complete-events`). Its tickets' codes keep the date of the seed.
 *
 * @throws DemoDataExistsError when the database has events and `force` is not set (nothing written)
 * @throws DemoSeedError when a call is refused (the message names the route, status and problem)
 */
export async function seedDemo(config: AppConfig, options: { force?: boolean } = {}): Promise<DemoSeedResult> {
  const seedConfig = Object.assign(new AppConfig(), config, {
    PORT: 0,
    HOST: '127.0.0.1',
    RATE_LIMIT_ENABLED: false,
    JOBS_ENABLED: false,
    MAIL_WORKER_ENABLED: false,
    BOOKING_HOLD_MINUTES: 1440,
  });
  const app = await createApp(seedConfig);
  try {
    const db = app.get(DatabaseContext);
    const events = (await db.sql<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0]?.n ?? 0;
    if (events > 0 && !options.force) throw new DemoDataExistsError(events);
    await app.listen(0, '127.0.0.1');
    const credentials = await new DemoScript(app, db).run();
    return { credentials, counts: await countRows(db) };
  } finally {
    await app.close();
  }
}

/** The credentials as an aligned table (role, name, e-mail, password), one account a line. */
export function formatCredentials(credentials: DemoCredential[]): string {
  const width = (key: keyof DemoCredential) => Math.max(key.length, ...credentials.map((c) => c[key].length));
  const row = (c: Record<keyof DemoCredential, string>) =>
    `  ${c.role.padEnd(width('role'))}  ${c.name.padEnd(width('name'))}  ${c.email.padEnd(width('email'))}  ${c.password}`;
  return [row({ role: 'role', name: 'name', email: 'email', password: 'password' }), ...credentials.map(row)].join('\n');
}

/** The counts as `table: state n, state n` lines. */
export function formatCounts(counts: DemoSeedResult['counts']): string {
  return Object.entries(counts)
    .map(
      ([table, states]) =>
        `  ${table}: ${Object.entries(states)
          .map(([state, n]) => `${state} ${n}`)
          .join(', ')}`,
    )
    .join('\n');
}

async function countRows(db: DatabaseContext): Promise<DemoSeedResult['counts']> {
  const tally = async (sql: string) => Object.fromEntries((await db.sql<{ k: string; n: number }>(sql)).rows.map((r) => [r.k, r.n]));
  const byStatus = (table: string) => tally(`SELECT status AS k, count(*)::int AS n FROM ${table} GROUP BY status ORDER BY status`);
  return {
    events: await byStatus('events'),
    bookings: await byStatus('bookings'),
    payments: await byStatus('payments'),
    refunds: await byStatus('refunds'),
    transfers: await byStatus('transfers'),
    tickets: await byStatus('tickets'),
    checkIns: await tally('SELECT result AS k, count(*)::int AS n FROM check_ins GROUP BY result ORDER BY result'),
  };
}

interface Session {
  id: string;
  email: string;
  name: string;
  token: string;
}
interface Ticket {
  id: string;
  code: string;
  status: string;
  holderName: string;
  ticketTypeId: string;
}
interface Booking {
  id: string;
  status: string;
  tickets: Ticket[];
}
interface DemoEvent {
  id: string;
  types: Record<string, string>;
}
type Attendee = { name: string; email?: string };
type Items = Record<string, number>;

const HOUR = 3_600_000;
/** Africa/Lagos is UTC+1 all year (no daylight saving). */
const LAGOS_OFFSET_HOURS = 1;

/** `days` from today at `hour:minute` in Lagos. */
function lagos(days: number, hour: number, minute = 0): Date {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + days, hour - LAGOS_OFFSET_HOURS, minute));
}

/** A 16-character password (96 random bits, base64url). */
const newPassword = () => randomBytes(12).toString('base64url');

/** The calls of the seed, in the order a real organisation would make them. */
class DemoScript {
  private readonly base: string;
  private readonly credentials: DemoCredential[] = [];
  private tag = '';
  private admin!: Session;

  constructor(
    private readonly app: NestExpressApplication,
    private readonly db: DatabaseContext,
  ) {
    const { port } = app.getHttpServer().address() as { port: number };
    this.base = `http://127.0.0.1:${port}/api/v1`;
  }

  async run(): Promise<DemoCredential[]> {
    this.tag = await this.freeTag();
    const adminAccount = this.account('admin', 'Grace Okafor', 'grace.admin');
    await this.app.get(UsersService).create(null, { email: adminAccount.email, password: adminAccount.password, name: adminAccount.name, roles: [Role.Admin] });
    this.admin = await this.signIn(adminAccount);

    await this.staff('viewer', 'Victor Eze', 'victor.viewer');
    const sade = await this.staff('scanner', 'Sade Bello', 'sade.scanner');
    const tunde = await this.staff('scanner', 'Tunde Lawal', 'tunde.scanner');
    const [ada, ben, chioma, david, efe, femi, gloria, hassan] = (await Promise.all(
      (
        [
          ['Ada Obi', 'ada'],
          ['Ben Musa', 'ben'],
          ['Chioma Nwosu', 'chioma'],
          ['David Adeyemi', 'david'],
          ['Efe Ighalo', 'efe'],
          ['Femi Johnson', 'femi'],
          ['Gloria Mensah', 'gloria'],
          ['Hassan Sule', 'hassan'],
        ] as const
      ).map(([name, local]) => this.staff('customer', name, `${local}.customer`)),
    )) as [Session, Session, Session, Session, Session, Session, Session, Session];

    // Two drafts, not yet published.
    await this.event(
      {
        title: 'Design Systems Workshop',
        venue: 'Workbay, Ikeja',
        startsAt: lagos(45, 10),
        endsAt: lagos(45, 16),
        capacity: 25,
        description: 'A hands-on day on tokens, components and documentation.',
      },
      [{ name: 'Workshop seat', price: 2_500_000, quantity: 25, maxPerBooking: 2 }],
      { publish: false },
    );
    await this.event(
      {
        title: 'End-of-Year Gala Dinner',
        venue: 'Eko Hotel, Victoria Island',
        startsAt: lagos(60, 19),
        endsAt: lagos(60, 23, 30),
        capacity: 300,
        description: 'Dinner, awards and a live band.',
      },
      [
        { name: 'Single', price: 7_500_000, quantity: 200 },
        { name: 'Couple', price: 14_000_000, quantity: 50, maxPerBooking: 2 },
      ],
      { publish: false },
    );

    // On sale.
    const jazz = await this.event(
      {
        title: 'Lagos Jazz Night',
        venue: 'Terra Kulture, Victoria Island',
        startsAt: lagos(21, 19),
        endsAt: lagos(21, 23),
        capacity: 200,
        description: 'Three quartets, one long evening of jazz.',
      },
      [
        { name: 'Regular', price: 1_500_000, quantity: 150 },
        { name: 'VIP', price: 4_500_000, quantity: 40, maxPerBooking: 4 },
        { name: 'Early bird', price: 1_000_000, quantity: 30, salesEndAt: lagos(3, 23, 59).toISOString() },
      ],
    );
    const run = await this.event(
      {
        title: 'Community 5K Fun Run',
        venue: 'Ikoyi Link Bridge',
        startsAt: lagos(10, 7),
        endsAt: lagos(10, 10),
        capacity: 300,
        description: 'An easy 5 km along the lagoon; free entry, T-shirt optional.',
      },
      [
        { name: 'Runner (free)', price: 0, quantity: 200, maxPerBooking: 4 },
        { name: 'Runner + T-shirt', price: 500_000, quantity: 100 },
      ],
    );
    const rooftop = await this.event(
      {
        title: 'Afrobeats Rooftop Party',
        venue: 'The Rooftop, Lekki Phase 1',
        startsAt: lagos(14, 20),
        endsAt: lagos(15, 2),
        capacity: 12,
        description: 'A small rooftop, a big sound system.',
      },
      [{ name: 'General admission', price: 2_000_000, quantity: 12, maxPerBooking: 4 }],
    );

    // Lagos Jazz Night: bookings in every state.
    const adaJazz = await this.buy(ada, jazz, { Regular: 2 }, [{ name: 'Ada Obi' }, { name: 'Tobi Obi' }]);
    const benJazz = await this.buy(ben, jazz, { VIP: 1 });
    const chiomaJazz = await this.buy(chioma, jazz, { Regular: 3 }, [{ name: 'Chioma Nwosu' }, { name: 'Ifeoma Nwosu' }, { name: 'Kelechi Nwosu' }]);
    const davidJazz = await this.buy(david, jazz, { Regular: 2 });
    const efeJazz = await this.buy(efe, jazz, { VIP: 2 });
    const gloriaEarly = await this.buy(gloria, jazz, { 'Early bird': 1 });
    // Proofs awaiting review (one after a first proof was rejected).
    const gloriaVip = await this.book(gloria, jazz, { VIP: 2 });
    await this.uploadProof(gloria, (await this.startManualPayment(gloria, gloriaVip.id)).id);
    const femiJazz = await this.book(femi, jazz, { VIP: 1 });
    const rejected = await this.startManualPayment(femi, femiJazz.id);
    await this.uploadProof(femi, rejected.id);
    await this.call('POST', `/payments/${rejected.id}/reject`, this.admin, { reason: 'The amount on the receipt does not match the booking total.' });
    await this.uploadProof(femi, (await this.startManualPayment(femi, femiJazz.id)).id);
    // A hold with no payment yet, one the buyer cancelled, and one that ran out.
    await this.book(hassan, jazz, { Regular: 1 });
    const cancelled = await this.book(hassan, jazz, { Regular: 2 });
    await this.call('POST', `/bookings/${cancelled.id}/cancel`, hassan);
    const lapsed = await this.book(ben, jazz, { 'Early bird': 2 });
    await this.db.sql(`UPDATE bookings SET expires_at = now() - interval '1 minute' WHERE id = $1`, [lapsed.id]);
    await this.app.get(JobScheduler).runNow('expire-holds');
    await this.expectStatus(lapsed.id, 'expired');

    // Refunds: one seat of three (completed), a whole booking (completed), one waiting, one refused.
    const partial = await this.call<{ id: string }>('POST', '/refunds', chioma, {
      bookingId: chiomaJazz.id,
      ticketIds: [chiomaJazz.tickets[2]!.id],
      reason: 'Kelechi cannot come after all.',
    });
    await this.call('POST', `/refunds/${partial.id}/approve`, this.admin);
    const whole = await this.call<{ id: string }>('POST', '/refunds', david, { bookingId: davidJazz.id, reason: 'I am travelling that weekend.' });
    await this.call('POST', `/refunds/${whole.id}/approve`, this.admin);
    await this.call('POST', '/refunds', efe, { bookingId: efeJazz.id, reason: 'Booked the wrong date, sorry.' });
    const refused = await this.call<{ id: string }>('POST', '/refunds', gloria, { bookingId: gloriaEarly.id, reason: 'Plans changed.' });
    await this.call('POST', `/refunds/${refused.id}/reject`, this.admin, { reason: 'Early-bird tickets are not refundable.' });
    await this.expectStatus(chiomaJazz.id, 'partially_refunded');
    await this.expectStatus(davidJazz.id, 'refunded');

    // Transfers: Ada gives Tobi's seat to Ben (accepted); Ben offers his VIP seat to Chioma (pending).
    const given = await this.call<{ id: string }>('POST', '/transfers', ada, {
      ticketId: adaJazz.tickets[1]!.id,
      toEmail: ben.email,
      message: 'Tobi is away, the seat is yours!',
    });
    await this.call('POST', `/transfers/${given.id}/accept`, ben);
    await this.call('POST', '/transfers', ben, { ticketId: benJazz.tickets[0]!.id, toEmail: chioma.email, message: 'I cannot make it, enjoy the music.' });

    // Community 5K: free places (confirmed at once) and a paid one awaiting review.
    await this.bookFree(ada, run, { 'Runner (free)': 2 }, [{ name: 'Ada Obi' }, { name: 'Tobi Obi' }]);
    await this.bookFree(david, run, { 'Runner (free)': 1 });
    await this.buy(gloria, run, { 'Runner + T-shirt': 1 });
    const hassanRun = await this.book(hassan, run, { 'Runner + T-shirt': 1 });
    await this.uploadProof(hassan, (await this.startManualPayment(hassan, hassanRun.id)).id);

    // Afrobeats Rooftop Party: sold out.
    await this.buy(ada, rooftop, { 'General admission': 4 }, [{ name: 'Ada Obi' }, { name: 'Ngozi Obi' }, { name: 'Sola Ade' }, { name: 'Dayo Ade' }]);
    await this.buy(efe, rooftop, { 'General admission': 4 }, [{ name: 'Efe Ighalo' }, { name: 'Osas Ighalo' }, { name: 'Tari Ebi' }, { name: 'Uche Eze' }]);
    await this.buy(hassan, rooftop, { 'General admission': 4 }, [
      { name: 'Hassan Sule' },
      { name: 'Amina Sule' },
      { name: 'Musa Ali' },
      { name: 'Zainab Ali' },
    ]);

    // Stand-up Comedy Gala: sold, then cancelled (bookings cancelled, paid ones refunded in full).
    const comedy = await this.event(
      {
        title: 'Stand-up Comedy Gala',
        venue: 'Muson Centre, Onikan',
        startsAt: lagos(30, 19),
        endsAt: lagos(30, 22),
        capacity: 100,
        description: 'Five comedians, one night. (Cancelled: the venue is closed for repairs.)',
      },
      [{ name: 'Regular', price: 800_000, quantity: 100 }],
    );
    await this.buy(ada, comedy, { Regular: 2 });
    await this.buy(chioma, comedy, { Regular: 1 });
    await this.book(david, comedy, { Regular: 2 });
    await this.call('POST', `/events/${comedy.id}/cancel`, this.admin);
    const jobs = this.app.get(JobScheduler);
    await jobs.runNow('event-cancellations');
    await jobs.runNow('send-refunds');

    // Tech Founders Meetup: booked and scanned while it is about to start, then moved to last week.
    const meetup = await this.event(
      {
        title: 'Tech Founders Meetup: Fintech Edition',
        venue: 'Co-Creation Hub, Yaba',
        startsAt: new Date(Date.now() + HOUR),
        endsAt: new Date(Date.now() + 5 * HOUR),
        capacity: 60,
        description: 'Talks, demos and jollof.',
      },
      [
        { name: 'Community (free)', price: 0, quantity: 30, maxPerBooking: 4 },
        { name: 'Standard', price: 500_000, quantity: 30, maxPerBooking: 4 },
      ],
    );
    const meetupBookings = [
      await this.buy(ada, meetup, { Standard: 2 }, [{ name: 'Ada Obi' }, { name: 'Tobi Obi' }]),
      await this.bookFree(ben, meetup, { 'Community (free)': 3 }, [{ name: 'Ben Musa' }, { name: 'Ruth Musa' }, { name: 'Paul Okon' }]),
      await this.buy(chioma, meetup, { Standard: 1 }),
      await this.bookFree(david, meetup, { 'Community (free)': 4 }, [
        { name: 'David Adeyemi' },
        { name: 'Bola Adeyemi' },
        { name: 'Kunle Ajayi' },
        { name: 'Lara Ajayi' },
      ]),
      await this.buy(efe, meetup, { Standard: 2 }),
      await this.bookFree(femi, meetup, { 'Community (free)': 1 }),
      await this.buy(gloria, meetup, { Standard: 3 }, [{ name: 'Gloria Mensah' }, { name: 'Kofi Mensah' }, { name: 'Ama Owusu' }]),
      await this.bookFree(hassan, meetup, { 'Community (free)': 2 }),
    ];
    const tickets = meetupBookings.flatMap((b) => b.tickets);
    const noShows = new Set([tickets[4]!.id, tickets[9]!.id, tickets[13]!.id, tickets[17]!.id]);
    const admitted = tickets.filter((t) => !noShows.has(t.id));
    const payloads = await this.qrPayloads(meetup.id);
    for (const [i, ticket] of admitted.entries()) {
      const [scanner, gate, device] = i % 3 === 2 ? [tunde, 'Side door', 'scanner-2'] : [sade, 'Main entrance', 'scanner-1'];
      // Most at the gate by QR; every fifth typed in by its code.
      const code = i % 5 === 4 ? ticket.code : payloads.get(ticket.id)!;
      await this.call('POST', '/check-ins', scanner, { eventId: meetup.id, code, gate, deviceId: device });
      if (i === 3 || i === 10) await this.call('POST', '/check-ins', tunde, { eventId: meetup.id, code, gate: 'Side door', deviceId: 'scanner-2' }); // scanned twice
      if (i === 7)
        await this.call('POST', '/check-ins', sade, { eventId: meetup.id, code: 'TKT-20240101-ABCDEFGH', gate: 'Main entrance', deviceId: 'scanner-1' }); // a stray code
    }
    await this.moveToLastWeek(meetup.id);
    return this.credentials;
  }

  /** `''`, or `+<n>` for the first n whose admin address is free (a run with --force on seeded data). */
  private async freeTag(): Promise<string> {
    for (let n = 1; ; n++) {
      const tag = n === 1 ? '' : `+${n}`;
      const { rows } = await this.db.sql('SELECT 1 FROM users WHERE email = $1', [`grace.admin${tag}@demo.example`]);
      if (rows.length === 0) return tag;
    }
  }

  private account(role: DemoCredential['role'], name: string, local: string): DemoCredential {
    const credential = { role, name, email: `${local}${this.tag}@demo.example`, password: newPassword() };
    this.credentials.push(credential);
    return credential;
  }

  /** An account created by the admin (`POST /users`), signed in. */
  private async staff(role: DemoCredential['role'], name: string, local: string): Promise<Session> {
    const account = this.account(role, name, local);
    await this.call('POST', '/users', this.admin, { email: account.email, password: account.password, name, roles: [role] });
    return this.signIn(account);
  }

  private async signIn(account: DemoCredential): Promise<Session> {
    const body = await this.call<{ user: { id: string; email: string; name: string }; accessToken: string }>('POST', '/auth/login', null, {
      email: account.email,
      password: account.password,
    });
    return { ...body.user, token: body.accessToken };
  }

  private async event(
    body: { title: string; venue: string; startsAt: Date; endsAt: Date; capacity: number; description: string },
    types: { name: string; price: number; quantity: number; maxPerBooking?: number; salesEndAt?: string }[],
    options: { publish?: boolean } = {},
  ): Promise<DemoEvent> {
    const event = await this.call<{ id: string }>('POST', '/events', this.admin, {
      ...body,
      startsAt: body.startsAt.toISOString(),
      endsAt: body.endsAt.toISOString(),
      timezone: 'Africa/Lagos',
      currency: 'NGN',
    });
    const ids: Record<string, string> = {};
    for (const type of types) ids[type.name] = (await this.call<{ id: string }>('POST', `/events/${event.id}/ticket-types`, this.admin, type)).id;
    if (options.publish !== false) {
      const qr = await QRCode.toBuffer('Demo Bank · account 0123456789 · Ticketing Demo Ltd', { type: 'png', margin: 2, scale: 6 });
      await this.call('PUT', `/events/${event.id}/payment-qr`, this.admin, undefined, qr);
      await this.call('POST', `/events/${event.id}/publish`, this.admin);
    }
    return { id: event.id, types: ids };
  }

  /** A free booking: confirmed at once; with its tickets. */
  private async bookFree(user: Session, event: DemoEvent, items: Items, attendees?: Attendee[]): Promise<Booking> {
    return this.expectStatus((await this.book(user, event, items, attendees)).id, 'confirmed');
  }

  /** `POST /bookings`: `pending_payment`, or `confirmed` when free. */
  private book(user: Session, event: DemoEvent, items: Items, attendees?: Attendee[]): Promise<Booking> {
    return this.call<Booking>('POST', '/bookings', user, {
      eventId: event.id,
      items: Object.entries(items).map(([name, quantity]) => ({ ticketTypeId: event.types[name], quantity })),
      ...(attendees ? { attendees } : {}),
    });
  }

  private startManualPayment(user: Session, bookingId: string): Promise<{ id: string; reference: string }> {
    return this.call('POST', `/bookings/${bookingId}/payments`, user, { provider: 'manual' });
  }

  /** The buyer's proof of payment: a small PNG (a QR code of a receipt line). */
  private async uploadProof(user: Session, paymentId: string): Promise<void> {
    const receipt = await QRCode.toBuffer(`Transfer receipt ${randomInt(10 ** 9, 10 ** 10)} from ${user.name}`, { type: 'png', margin: 1, scale: 3 });
    await this.call('POST', `/payments/${paymentId}/proof`, user, undefined, receipt);
  }

  /** Books, pays manually with a proof, has the admin approve it; the confirmed booking with its tickets. */
  private async buy(user: Session, event: DemoEvent, items: Items, attendees?: Attendee[]): Promise<Booking> {
    const booking = await this.book(user, event, items, attendees);
    const payment = await this.startManualPayment(user, booking.id);
    await this.uploadProof(user, payment.id);
    await this.call('POST', `/payments/${payment.id}/approve`, this.admin);
    return this.expectStatus(booking.id, 'confirmed');
  }

  private async expectStatus(bookingId: string, status: string): Promise<Booking> {
    const booking = await this.call<Booking>('GET', `/bookings/${bookingId}`, this.admin);
    if (booking.status !== status) throw new DemoSeedError(`booking ${bookingId} is ${booking.status}, expected ${status}`);
    return booking;
  }

  /** Ticket id → QR payload, as staff read them. */
  private async qrPayloads(eventId: string): Promise<Map<string, string>> {
    const page = await this.call<{ data: { id: string; qrPayload: string }[] }>('GET', `/tickets?eventId=${eventId}&limit=100`, this.admin);
    return new Map(page.data.map((t) => [t.id, t.qrPayload]));
  }

  /**
   * The meetup took place six days ago, 18:30-23:00 in Lagos; its scans, in the order they were
   * made, spread over 18:00-22:00 that evening; then `complete-events` marks it completed.
   */
  private async moveToLastWeek(eventId: string): Promise<void> {
    const doorsOpen = lagos(-6, 18).getTime();
    await this.db.sql('UPDATE events SET starts_at = $2, ends_at = $3, updated_at = now() WHERE id = $1', [eventId, lagos(-6, 18, 30), lagos(-6, 23)]);
    const scans = (await this.db.sql<{ id: string }>('SELECT id FROM check_ins WHERE event_id = $1 ORDER BY id', [eventId])).rows;
    const step = (4 * HOUR) / scans.length;
    for (const [i, scan] of scans.entries()) {
      const at = new Date(doorsOpen + i * step + randomInt(0, Math.floor(step * 0.8)));
      await this.db.sql('UPDATE check_ins SET scanned_at = $2, created_at = $2 WHERE id = $1', [scan.id, at]);
    }
    await this.db.sql(`UPDATE tickets t SET checked_in_at = c.scanned_at FROM check_ins c WHERE c.ticket_id = t.id AND c.result = 'ok' AND t.event_id = $1`, [
      eventId,
    ]);
    await this.app.get(JobScheduler).runNow('complete-events');
  }

  /**
   * One API call: JSON `body`, or `file` as the multipart `file` part; answers the parsed body.
   * @throws DemoSeedError on any status but 2xx
   */
  private async call<T = unknown>(method: string, path: string, user: Session | null, body?: unknown, file?: Buffer): Promise<T> {
    const headers: Record<string, string> = user ? { authorization: `Bearer ${user.token}` } : {};
    let payload: FormData | string | undefined;
    if (file) {
      payload = new FormData();
      payload.append('file', new Blob([new Uint8Array(file)], { type: 'image/png' }), 'image.png');
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(`${this.base}${path}`, { method, headers, body: payload });
    const text = await res.text();
    if (!res.ok) throw new DemoSeedError(`${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
