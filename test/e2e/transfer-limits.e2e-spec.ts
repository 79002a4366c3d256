import { bookFreeTickets, createOpenEvent } from '../factories/tickets.js';
import { decideTransfer, offerTransfer } from '../factories/transfers.js';
import { createAdmin, signUpCustomer, SignedInUser, uniqueEmail } from '../factories/users.js';
import { query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

/**
 * Transfer offers are not an e-mail relay: offers per sender per hour, offers to one address per
 * day (from anyone), and a cooldown after cancelling an offer to an address; each refusal is
 * `429 transfer_offer_limited` with `limit` and Retry-After, creates nothing and sends nothing,
 * and the limits hold under concurrent offers.
 */
describe('transfer offer limits (e2e)', () => {
  let t: TestApp;
  let admin: SignedInUser;

  beforeAll(async () => {
    t = await startTestApp({
      JOBS_ENABLED: 'false',
      MAIL_WORKER_ENABLED: 'false',
      TRANSFER_OFFERS_PER_SENDER_PER_HOUR: '3',
      TRANSFER_OFFERS_PER_RECIPIENT_PER_DAY: '2',
      TRANSFER_CANCEL_COOLDOWN_MINUTES: '10',
    });
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  const ticketsOf = async (holder: SignedInUser, count: number) =>
    bookFreeTickets(t, holder, await createOpenEvent(t, admin, { capacity: 20, ticketTypes: [{ price: 0, quantity: 20 }] }), count);
  const offersTo = async (email: string) => Number((await query<{ n: string }>(t, 'SELECT count(*) AS n FROM transfers WHERE to_email = $1', [email]))[0]!.n);
  const mailsTo = async (email: string) =>
    Number((await query<{ n: string }>(t, `SELECT count(*) AS n FROM outbox_messages WHERE "to" = $1 AND template = 'transfer-offered'`, [email]))[0]!.n);

  it('a sender makes at most TRANSFER_OFFERS_PER_SENDER_PER_HOUR offers, even all at once', async () => {
    const sender = await signUpCustomer(t);
    const tickets = await ticketsOf(sender, 6);
    const results = await Promise.all(tickets.map((ticket) => offerTransfer(t, sender, { ticketId: ticket.id, toEmail: uniqueEmail('friend') })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 429, 429, 429]);
    for (const refused of results.filter((r) => r.status === 429)) {
      expect(refused.body).toMatchObject({ code: 'transfer_offer_limited', limit: 'sender' });
      const wait = Number(refused.headers['retry-after']);
      expect(wait).toBeGreaterThan(3500);
      expect(wait).toBeLessThanOrEqual(3600);
    }
    const [{ n }] = await query<{ n: string }>(t, 'SELECT count(*) AS n FROM transfers WHERE from_user_id = $1', [sender.id]);
    expect(Number(n)).toBe(3);
  });

  it('an address receives at most TRANSFER_OFFERS_PER_RECIPIENT_PER_DAY offers from anyone, and e-mails no more', async () => {
    const victim = uniqueEmail('victim');
    const senders = [await signUpCustomer(t), await signUpCustomer(t), await signUpCustomer(t)];
    const statuses = [];
    for (const sender of senders) {
      const [ticket] = await ticketsOf(sender, 1);
      const res = await offerTransfer(t, sender, { ticketId: ticket!.id, toEmail: victim.toUpperCase(), message: 'Your account is locked' });
      statuses.push(res.status);
      if (res.status === 429) expect(res.body).toMatchObject({ code: 'transfer_offer_limited', limit: 'recipient' });
    }
    expect(statuses).toEqual([201, 201, 429]);
    expect(await offersTo(victim)).toBe(2);
    expect(await mailsTo(victim)).toBe(2);
  });

  it('after cancelling an offer, the sender waits TRANSFER_CANCEL_COOLDOWN_MINUTES before offering to that address again', async () => {
    const sender = await signUpCustomer(t);
    const [ticket] = await ticketsOf(sender, 1);
    const friend = uniqueEmail('friend');
    const offer = await offerTransfer(t, sender, { ticketId: ticket!.id, toEmail: friend }).expect(201);
    await decideTransfer(t, sender, offer.body.id, 'cancel').expect(200);
    const again = await offerTransfer(t, sender, { ticketId: ticket!.id, toEmail: friend }).expect(429);
    expect(again.body).toMatchObject({ code: 'transfer_offer_limited', limit: 'cooldown' });
    const wait = Number(again.headers['retry-after']);
    expect(wait).toBeGreaterThan(590);
    expect(wait).toBeLessThanOrEqual(600);
    expect(await offersTo(friend)).toBe(1);
    // Another address is not cooled down.
    await offerTransfer(t, sender, { ticketId: ticket!.id, toEmail: uniqueEmail('other') }).expect(201);
  });
});
