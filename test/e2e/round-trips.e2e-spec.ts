import { Client } from 'pg';
import { Role } from '@app/shared';
import { book, createEvent } from '../factories/events.js';
import { bookFreeTickets, createOpenEvent, scan } from '../factories/tickets.js';
import { createAdmin, createUser, signUpCustomer, SignedInUser } from '../factories/users.js';
import { expectConsistentLedger } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

/**
 * The hot paths' statements, counted at the driver (every `pg` query is one round trip, BEGIN and
 * COMMIT included) during one request. The reads of the signed-in user (authentication, not the
 * route's work) are left out of the count.
 */
describe('round trips of the hot paths (e2e)', () => {
  let t: TestApp;
  let admin: SignedInUser;
  /** First line of each statement, then `[name]` when it was sent as a named prepared statement. */
  let statements: string[] | null = null;
  const original = Client.prototype.query;

  beforeAll(async () => {
    t = await startTestApp({ JOBS_ENABLED: 'false', MAIL_WORKER_ENABLED: 'false' });
    admin = await createAdmin(t);
    const spy = function (this: Client, ...args: unknown[]) {
      const config = args[0];
      const { text = '', name } = typeof config === 'string' ? { text: config } : ((config ?? {}) as { text?: string; name?: string });
      if (statements && !/^SELECT \* FROM users WHERE id = \$1$/.test(text.trim()))
        statements.push(`${text.trim().split('\n')[0]!.slice(0, 80)}${name ? ` [${name}]` : ''}`);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
    Client.prototype.query = spy as typeof Client.prototype.query;
  });
  afterAll(async () => {
    Client.prototype.query = original;
    await t.close();
  });

  async function counted<T>(work: () => PromiseLike<T>): Promise<{ result: T; statements: string[] }> {
    statements = [];
    try {
      const result = await work();
      return { result, statements };
    } finally {
      statements = null;
    }
  }

  it('a paid booking by its buyer is one statement, and so is its refusal', async () => {
    const event = await createEvent(t, admin, { capacity: 1, ticketTypes: [{ quantity: 1 }] });
    const items = [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 1 }];
    const [first, second] = [await signUpCustomer(t), await signUpCustomer(t)];

    const held = await counted(() => book(t, first, event.id, items));
    expect(held.result.status).toBe(201);
    expect(held.statements).toHaveLength(1);
    // Named (prepared once per connection) on PostgreSQL; PGlite runs the same text unnamed.
    expect(held.statements[0]).toMatch(t.databaseUrl ? /\[booking_hold_[0-9a-f]{12}\]$/ : /^WITH req AS MATERIALIZED \($/);

    const refused = await counted(() => book(t, second, event.id, items));
    expect(refused.result.status).toBe(409);
    expect(refused.result.body.code).toBe('sold_out');
    expect(refused.statements).toHaveLength(1);
    await expectConsistentLedger(t, event.id);
  });

  it('a scan is one statement', async () => {
    const event = await createOpenEvent(t, admin);
    const [ticket] = await bookFreeTickets(t, await signUpCustomer(t), event);
    const scanner = await createUser(t, [Role.Scanner]);
    const scanned = await counted(() => scan(t, scanner, { eventId: event.id, code: ticket!.qrPayload }));
    expect(scanned.result.status).toBe(200);
    expect(scanned.result.body.result).toBe('ok');
    expect(scanned.statements).toHaveLength(1);
    expect(scanned.statements[0]).toMatch(t.databaseUrl ? /\[check_in_admit_[0-9a-f]{12}\]$/ : /^WITH hit AS \(UPDATE tickets t$/);
  });
});
