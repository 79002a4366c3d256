/// <reference lib="dom" />
import { execFileSync } from 'node:child_process';
import type { CreatedEvent } from '../factories/events.js';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from '@app/shared';
import { chromium, type Browser, type Page } from 'playwright-core';
import { tinyPng } from '../factories/files.js';
import { startPayment } from '../factories/payments.js';
import { bookFreeTickets, createOpenEvent, decodeQrPng, scan } from '../factories/tickets.js';
import { createUser, signUpCustomer, uniqueEmail, type SignedInUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/**
 * The back-office driven in Debian's Chromium as an organiser would, against the real service
 * (served at /admin from dist, built first when missing). Screenshots: test/browser/screenshots/.
 */
const SHOTS = join(__dirname, 'screenshots');
const WEB = join(process.cwd(), 'dist/apps/backoffice/web/index.html');

let t: TestApp;
let browser: Browser;
let admin: SignedInUser;
let viewer: SignedInUser;

beforeAll(async () => {
  if (!existsSync(WEB)) execFileSync('npm', ['run', '--silent', 'build:backoffice'], { stdio: 'inherit' });
  mkdirSync(SHOTS, { recursive: true });
  // Chromium starts while the app boots and the users are made (neither needs the other).
  const [launched, fixtures] = await Promise.allSettled([
    chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    }),
    (async () => {
      t = await startTestApp();
      [admin, viewer] = await Promise.all([createUser(t, [Role.Admin], 'Ada Organiser'), createUser(t, [Role.Viewer], 'Vic Viewer')]);
    })(),
  ]);
  if (launched.status === 'fulfilled') browser = launched.value;
  for (const step of [launched, fixtures]) if (step.status === 'rejected') throw step.reason;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function signInAs(user: SignedInUser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${t.url}/admin/`);
  await page.locator('input[name=username]').fill(user.email);
  await page.locator('input[name=password]').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page
    .getByRole('menuitem', { name: 'Events' })
    .waitFor()
    .catch(async (e) => {
      await shot(page, 'sign-in-failed');
      throw e;
    });
  return page;
}

let viewerSession: Promise<Page> | undefined;

/**
 * The viewer, signed in through the sign-in page once for the file: the viewer tests only look
 * (nothing they do changes what the next one sees), so they share the page instead of each
 * loading the back-office and signing in again.
 */
const viewerPage = (): Promise<Page> => (viewerSession ??= signInAs(viewer));

/** Client-side navigation (no reload), as a click on a link would do. */
async function go(page: Page, path: string): Promise<void> {
  await page.evaluate((to) => {
    window.history.pushState({}, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, `/admin${path}`);
}

/**
 * Types into a react-admin list filter and waits until it applies. The filter reaches the URL after
 * a debounce; a navigation made before then is undone by that late change (seen on a loaded CI
 * machine as the next page never showing).
 */
async function filterList(page: Page, label: string, key: string, value: string): Promise<void> {
  await page.getByLabel(label).fill(value);
  await page.waitForURL((url) => JSON.parse(url.searchParams.get('filter') ?? '{}')[key] === value);
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

const api = (path: string, user: SignedInUser) => t.http().get(`/api/v1${path}`).set(user.auth).expect(200);

describe('back-office', () => {
  let page: Page;
  let eventId: string;
  let customer: SignedInUser;
  let bookingId: string;

  it('signs an organiser in, creates an event with two ticket types and publishes it', async () => {
    page = await signInAs(admin);
    await shot(page, '01-dashboard-empty');
    await go(page, `/events/create`);
    await page.locator('input[name=title]').fill('Lagos Jazz Night');
    await page.locator('input[name=venue]').fill('Eko Hotel, Lagos');
    await page.locator('input[name=startsAt]').fill('2027-03-10T19:00');
    await page.locator('input[name=endsAt]').fill('2027-03-10T23:00');
    await page.locator('input[name=capacity]').fill('200');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Lagos Jazz Night', exact: true }).waitFor();
    eventId = page.url().split('/events/')[1].split('/')[0];
    for (const [name, price] of [
      ['Regular', '5000'],
      ['VIP', '25000'],
    ]) {
      await page.getByLabel(/^Ticket type name/).fill(name);
      await page.getByLabel(/^Price \(NGN\)/).fill(price);
      await page.getByRole('button', { name: 'Add ticket type' }).click();
      await page.getByRole('cell', { name, exact: true }).waitFor();
    }
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('published', { exact: true }).first().waitFor();
    await shot(page, '02-event-published');
    const event = (await api(`/events/${eventId}`, admin)).body;
    expect(event.status).toBe('published');
    expect(event.ticketTypes.map((x: { name: string; price: number }) => [x.name, x.price])).toEqual([
      ['Regular', 500000],
      ['VIP', 2500000],
    ]);
  });

  it('reviews a customer’s uploaded proof in the queue (image visible) and approves it with the A key', async () => {
    customer = await signUpCustomer(t, { name: 'Chidi Buyer' });
    const event = (await api(`/events/${eventId}`, admin)).body;
    const regular = event.ticketTypes.find((x: { name: string }) => x.name === 'Regular');
    const booking = await t
      .http()
      .post('/api/v1/bookings')
      .set(customer.auth)
      .send({ eventId, items: [{ ticketTypeId: regular.id, quantity: 2 }] })
      .expect(201);
    bookingId = booking.body.id;
    const payment = (await startPayment(t, customer, bookingId, 'manual').expect(201)).body;
    await t
      .http()
      .post(`/api/v1/payments/${payment.id}/proof`)
      .set(customer.auth)
      .attach('file', await tinyPng('paid 10000 NGN'), { filename: 'proof.png', contentType: 'image/png' })
      .expect(200);

    await page.getByRole('menuitem', { name: 'Payment review' }).click();
    const proof = page.getByRole('img', { name: 'Payment proof' });
    await proof.waitFor();
    await page.waitForFunction(() => (document.querySelector('img[alt="Payment proof"]') as HTMLImageElement | null)?.naturalWidth ?? 0 > 0);
    expect(await proof.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await shot(page, '03-payment-review');
    await page.keyboard.press('a');
    await page.getByText('Nothing to review.').waitFor();
    expect((await api(`/payments/${payment.id}`, admin)).body.status).toBe('succeeded');
  });

  it('finds the booking by a ticket code typed as at the gate, opens it, shows its timeline and resends the tickets', async () => {
    const booking = (await api(`/bookings/${bookingId}`, admin)).body;
    const typed = booking.tickets[0].code.replace(/-/g, ' ').toLowerCase();
    await page.getByRole('menuitem', { name: 'Bookings' }).click();
    await filterList(page, 'Search', 'q', typed);
    await page.getByRole('cell', { name: customer.email }).first().waitFor();
    expect(await page.getByRole('cell', { name: customer.email }).count()).toBe(1);
    await shot(page, '04a-booking-search');
    await page.getByRole('cell', { name: customer.email }).first().click();
    await page.getByRole('table', { name: 'Tickets' }).waitFor();
    await page.getByText('confirmed').first().waitFor();
    expect(page.url()).toContain(`/admin/bookings/${bookingId}/show`);
    expect(await page.getByRole('table', { name: 'Tickets' }).getByRole('row').count()).toBe(3);

    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.locator('li[data-kind="ticket.issued"]').waitFor();
    const kinds = await timeline.locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-kind')));
    expect(kinds.slice(0, 6)).toEqual([
      'booking.created',
      'payment.created',
      'payment.proof_uploaded',
      'payment.succeeded',
      'booking.confirmed',
      'ticket.issued',
    ]);
    expect(kinds).toContain('email.queued');
    await shot(page, '04-booking');

    const before = await timeline.locator('li[data-kind="email.queued"]').count();
    await page.getByRole('button', { name: 'Resend tickets' }).click();
    await page.getByText(`Tickets queued to ${customer.email}`).waitFor();
    await page.waitForFunction((n) => document.querySelectorAll('ol[aria-label="Timeline"] li[data-kind="email.queued"]').length > n, before);
    expect(await timeline.locator('li[data-kind="audit"]').count()).toBe(1);
    await shot(page, '04b-booking-resent');
    // Again within the minute: refused, said so.
    await page.getByRole('button', { name: 'Resend tickets' }).click();
    await page.getByText(/sent again; retry in/).waitFor();
    const audits = (await api(`/audit-logs?action=booking.tickets_resent&entityId=${bookingId}`, admin)).body.data;
    expect(audits).toHaveLength(1);
  });

  it('approves a refund from the refunds queue', async () => {
    const refund = (await t.http().post('/api/v1/refunds').set(customer.auth).send({ bookingId, reason: 'Cannot attend' }).expect(201)).body;
    await page.getByRole('menuitem', { name: 'Refunds' }).click();
    await page.getByRole('cell', { name: 'Cannot attend' }).waitFor();
    await shot(page, '05-refunds');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('Refund approved').waitFor();
    const after = (await api(`/refunds/${refund.id}`, admin)).body;
    expect(['approved', 'completed']).toContain(after.status);
  });

  it('shows the totals of /stats/overview and the event’s sales series on the dashboard', async () => {
    await go(page, '/');
    const overview = (await api('/stats/overview', admin)).body;
    const sales = (await api(`/events/${eventId}/sales?interval=day`, admin)).body;
    expect(sales.totals).toMatchObject({ bookings: 1, tickets: 2, revenue: 1_000_000 });
    // Intl writes a no-break space between the code and the amount.
    const text = async (testId: string) => (await page.getByTestId(testId).textContent())?.replace(/\s/g, ' ');
    await page.getByTestId('overview-revenue-NGN').waitFor();
    expect(await text('overview-revenue-NGN')).toBe('NGN 10,000.00');
    expect(await text('overview-sold')).toBe(String(overview.ticketsSold));
    expect(await text('overview-events')).toBe('1 / 1');
    const chart = page.getByRole('region', { name: 'Sales over time' }).or(page.locator('[aria-label="Sales over time"]'));
    await chart.first().waitFor();
    expect(await text('sales-tickets')).toBe('Tickets: 2');
    expect(await text('sales-revenue')).toBe('Revenue: NGN 10,000.00');
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    await shot(page, '05b-dashboard-sales');
    await page.getByRole('button', { name: 'By hour' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.recharts-xAxis .recharts-cartesian-axis-tick').length > 0);
    await shot(page, '05c-dashboard-sales-hourly');
  });

  it('downloads the attendee CSV', async () => {
    await go(page, `/attendees?filter=${encodeURIComponent(JSON.stringify({ eventId }))}`);
    await page.getByRole('button', { name: 'Export CSV' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(download.suggestedFilename()).toBe(`attendees-${eventId}.csv`);
    expect(csv.split('\n')[0]).toMatch(/code/i);
    // Its only booking was refunded above: no current attendees, and the list says so.
    await page.getByText('No attendees match these filters.').waitFor();
    await go(page, `/attendees?filter=${encodeURIComponent(JSON.stringify({ eventId, status: 'refunded' }))}`);
    await page.getByRole('cell', { name: customer.email }).first().waitFor();
    expect(await page.getByRole('cell', { name: customer.email }).count()).toBe(2);
    await shot(page, '06-attendees');
  });

  it('shows the e-mail log', async () => {
    await page.getByRole('menuitem', { name: 'E-mail log' }).click();
    await filterList(page, 'Recipient', 'to', customer.email);
    // Every row shown is then one of the customer's (the filtered page has replaced the unfiltered one).
    await page.waitForFunction((email) => {
      const cells = [...document.querySelectorAll('td.column-to')].map((td) => td.textContent);
      return cells.length > 0 && cells.every((to) => to === email);
    }, customer.email);
    await shot(page, '07-messages');
  });

  it('saves the organisation settings; a bad e-mail is shown at its field and saves nothing', async () => {
    await go(page, '/settings');
    await page.waitForURL(/\/admin\/settings$/);
    await page.getByLabel('Organisation name').waitFor();
    await page.getByLabel('Organisation name').fill('Lagos Live Events');
    await page.getByLabel('Support e-mail').fill('not-an-email');
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByText(/supportEmail|e-mail/i)
      .filter({ hasText: /must|valid|e-mail address/i })
      .first()
      .waitFor();
    expect((await t.http().get('/api/v1/settings').expect(200)).body.name).not.toBe('Lagos Live Events');
    await page.getByLabel('Support e-mail').fill('help@lagoslive.example');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved').waitFor();
    await shot(page, '07b-settings');
    expect((await t.http().get('/api/v1/settings').expect(200)).body).toMatchObject({ name: 'Lagos Live Events', supportEmail: 'help@lagoslive.example' });
  });

  it('cancels a paid booking with a reason: its tickets void and a full refund queued', async () => {
    const event = (await api(`/events/${eventId}`, admin)).body;
    const vip = event.ticketTypes.find((x: { name: string }) => x.name === 'VIP');
    const booking = (
      await t
        .http()
        .post('/api/v1/bookings')
        .set(customer.auth)
        .send({ eventId, items: [{ ticketTypeId: vip.id, quantity: 1 }] })
        .expect(201)
    ).body;
    const payment = (await startPayment(t, customer, booking.id, 'manual').expect(201)).body;
    await t
      .http()
      .post(`/api/v1/payments/${payment.id}/proof`)
      .set(customer.auth)
      .attach('file', await tinyPng('paid 25000 NGN'), { filename: 'proof.png', contentType: 'image/png' })
      .expect(200);
    await t.http().post(`/api/v1/payments/${payment.id}/approve`).set(admin.auth).expect(200);

    await go(page, `/bookings/${booking.id}/show`);
    await page.getByRole('button', { name: 'Cancel booking' }).click();
    await page.getByLabel(/Reason \(shown to the buyer\)/).fill('The VIP area is closed');
    await shot(page, '04b-cancel-paid-booking');
    await page.getByRole('button', { name: 'Cancel and refund' }).click();
    // The notification (the timeline gets a "Booking cancelled" entry too once it reloads).
    await page.getByRole('alert').getByText('Booking cancelled').waitFor();
    const after = (await api(`/bookings/${booking.id}`, admin)).body;
    expect(after.status).toBe('cancelled');
    expect(after.tickets.every((x: { status: string }) => x.status === 'cancelled')).toBe(true);
    const refunds = (await api(`/refunds?eventId=${eventId}&limit=100`, admin)).body.data.filter((r: { bookingId: string }) => r.bookingId === booking.id);
    expect(refunds.map((r: { kind: string; amount: number; reason: string }) => [r.kind, r.amount, r.reason])).toEqual([
      ['booking_cancelled', 2_500_000, 'The VIP area is closed'],
    ]);
  });

  it('sells two complimentary tickets at the box office (a note required), opens the booking and finds the e-mail in the e-mail log', async () => {
    const buyerEmail = uniqueEmail('box-office');
    await page.getByRole('menuitem', { name: 'Box office' }).click();
    await page.getByRole('combobox', { name: 'Event' }).click();
    await page.getByRole('option', { name: 'Lagos Jazz Night' }).click();
    await page.getByLabel('Quantity of VIP').fill('2');
    await page.getByLabel('Buyer name').fill('Ngozi Guest');
    await page.getByLabel('Buyer e-mail').fill(buyerEmail);
    await page.getByLabel('Buyer phone').fill('0803 555 0101');
    await page.getByRole('combobox', { name: 'Method' }).click();
    await page.getByRole('option', { name: 'Complimentary (free)' }).click();
    expect((await page.getByTestId('box-office-total').textContent())?.replace(/\s/g, ' ')).toBe('Total to take: NGN 0.00');
    await page.getByRole('button', { name: 'Issue tickets' }).click();
    await page.getByText(/a note is required/).waitFor();
    await page.getByLabel('Note', { exact: true }).fill('Guests of the band');
    await shot(page, '09-box-office');
    await page.getByRole('button', { name: 'Issue tickets' }).click();
    await page.waitForURL(/\/admin\/bookings\/[0-9a-f-]+\/show/);
    await page.getByRole('table', { name: 'Tickets' }).waitFor();
    await shot(page, '09b-box-office-booking');
    const saleId = page.url().split('/bookings/')[1]!.split('/')[0]!;
    const sale = (await api(`/bookings/${saleId}`, admin)).body;
    expect(sale).toMatchObject({ status: 'confirmed', totalAmount: 0, items: [{ quantity: 2, unitPrice: 0 }] });
    expect(sale.tickets).toHaveLength(2);
    const audit = (await api(`/audit-logs?action=box_office.sale`, admin)).body.data.find((a: { entityId: string }) => a.entityId === saleId);
    expect(audit?.details).toMatchObject({ method: 'comp', note: 'Guests of the band', faceValue: 5_000_000 });

    await page.getByRole('menuitem', { name: 'E-mail log' }).click();
    await filterList(page, 'Recipient', 'to', buyerEmail);
    await page.getByRole('cell', { name: buyerEmail }).first().waitFor();
    await page.getByRole('cell', { name: 'booking-confirmed' }).first().waitFor();
    await shot(page, '09c-box-office-email');
  });

  it('edits a ticket type to allow re-entry', async () => {
    await go(page, `/events/${eventId}/show`);
    await page.getByRole('button', { name: 'Edit Regular' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ticket type “Regular”' });
    await dialog.getByLabel('Re-entry allowed: a ticket can go out and in again').check();
    await shot(page, '10-ticket-type-edit');
    await dialog.getByRole('button', { name: 'Save ticket type' }).click();
    await page.getByText('Regular saved').waitFor();
    const row = page.getByRole('table', { name: 'Ticket types' }).getByRole('row').filter({ hasText: 'Regular' });
    await row.getByRole('cell', { name: 'yes', exact: true }).first().waitFor();
    const types = (await api(`/events/${eventId}`, admin)).body.ticketTypes;
    expect(types.map((x: { name: string; reentry: boolean; price: number }) => [x.name, x.reentry, x.price])).toEqual([
      ['Regular', true, 500000],
      ['VIP', false, 2500000],
    ]);
    // The edit form lists the ticket types too, with their Edit buttons.
    await go(page, `/events/${eventId}`);
    await page.locator('input[name=title]').waitFor();
    await page
      .getByRole('table', { name: 'Ticket types' })
      .getByRole('row')
      .filter({ hasText: 'Regular' })
      .getByRole('cell', { name: 'yes', exact: true })
      .first()
      .waitFor();
    expect(await page.getByRole('button', { name: 'Edit VIP' }).count()).toBe(1);
    await shot(page, '10b-event-edit-ticket-types');
  });

  describe('at the door', () => {
    let door: CreatedEvent;
    let code: string;
    let deviceId: string;
    let deviceToken: string;
    const devicesPage = () => `/scanner-devices?filter=${encodeURIComponent(JSON.stringify({ eventId: door.id }))}`;
    const deviceRow = (p: Page, name: string) => p.getByRole('row').filter({ hasText: name });

    beforeAll(async () => {
      door = await createOpenEvent(t, admin, { ticketTypes: [{ name: 'Door', price: 0, quantity: 100, reentry: true }] });
    });

    it('creates a scanner device from the event page: the pairing code big and as a QR that decodes to it, with a countdown', async () => {
      await go(page, `/events/${door.id}/show`);
      await page.getByRole('link', { name: 'Scanner devices' }).click();
      await page.getByText('No scanner devices for this event yet.').waitFor();
      await page.getByRole('button', { name: 'Add scanner device' }).click();
      await page.getByLabel('Device name').fill('North gate phone 1');
      await page.getByLabel('Gate', { exact: true }).fill('North gate');
      await page.getByRole('button', { name: 'Create and show pairing code' }).click();
      const shown = page.getByTestId('pairing-code');
      await shown.waitFor();
      code = (await shown.textContent())!.trim();
      expect(code).toMatch(/^SCP-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      const qr = page.getByRole('img', { name: 'Pairing QR code' });
      await page.waitForFunction(() => ((document.querySelector('img[alt="Pairing QR code"]') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0);
      expect(decodeQrPng(await qr.screenshot())).toBe(code);
      expect(await page.getByTestId('pairing-countdown').textContent()).toMatch(/^Works for (10:00|9:[0-5]\d) more, once\.$/);
      await page.getByText('Scan this with the gate app at /scan').waitFor();
      await shot(page, '11-scanner-device-pairing');

      const listed = (await api(`/events/${door.id}/scanner-devices`, admin)).body.data;
      expect(listed.map((d: { name: string; gate: string; status: string }) => [d.name, d.gate, d.status])).toEqual([
        ['North gate phone 1', 'North gate', 'unpaired'],
      ]);
      deviceId = listed[0].id;
      await page.getByRole('button', { name: 'Done' }).click();
      await deviceRow(page, 'North gate phone 1').getByText('unpaired').waitFor();
    });

    it('shows the device active after it pairs (through the API) and a reload', async () => {
      const paired = await t.http().post('/api/v1/scanner-devices/pair').send({ pairingCode: code }).expect(200);
      expect(paired.body.device).toMatchObject({ id: deviceId, status: 'active' });
      deviceToken = paired.body.deviceToken;
      await page.reload();
      await deviceRow(page, 'North gate phone 1').getByText('active', { exact: true }).waitFor();
      await shot(page, '12-scanner-device-active');
    });

    it('shows inside now and entries and exits per gate after scans, and the log with direction and the device’s name', async () => {
      const doorBuyer = await signUpCustomer(t, { name: 'Door Buyer' });
      const tickets = await bookFreeTickets(t, doorBuyer, door, 3);
      const device = { auth: { Authorization: `Bearer ${deviceToken}` } };
      for (const [who, ticket, direction, gate] of [
        [device, tickets[0]!, 'entry', undefined],
        [device, tickets[1]!, 'entry', undefined],
        [device, tickets[0]!, 'exit', undefined],
        [admin, tickets[2]!, 'entry', 'South gate'],
      ] as const) {
        const res = await scan(t, who, { eventId: door.id, code: ticket.qrPayload, direction, ...(gate ? { gate, deviceId: 'desk-tablet' } : {}) }).expect(200);
        expect([res.body.result, res.body.direction]).toEqual(['ok', direction]);
      }
      const attendance = (await api(`/events/${door.id}/attendance`, admin)).body;
      expect(attendance).toMatchObject({ checkedIn: 3, inside: 2 });

      await go(page, `/check-ins?filter=${encodeURIComponent(JSON.stringify({ eventId: door.id }))}`);
      await page.getByTestId('stat-Inside now').waitFor();
      expect(await page.getByTestId('stat-Inside now').textContent()).toBe('2');
      expect(await page.getByTestId('stat-Checked in').textContent()).toBe('3');
      const gates = page.getByRole('table', { name: 'Gates' });
      await gates.waitFor();
      const rows = await gates.getByRole('row').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td,th')).map((c) => c.textContent)));
      const expected = attendance.gates.map((g: { gate: string | null; entries: number; exits: number }) => [
        g.gate ?? '(no gate)',
        String(g.entries),
        String(g.exits),
      ]);
      expect(rows.slice(1).sort()).toEqual(expected.sort());
      expect(rows.slice(1).sort()).toEqual([
        ['North gate', '2', '1'],
        ['South gate', '1', '0'],
      ]);

      const log = page.locator('table').filter({ hasText: 'Scanned by' });
      await log.getByRole('cell', { name: 'North gate phone 1' }).first().waitFor();
      expect(await log.getByRole('row').filter({ hasText: 'North gate phone 1' }).count()).toBe(3);
      expect(await log.getByRole('row').filter({ hasText: 'North gate phone 1' }).filter({ hasText: 'exit' }).count()).toBe(1);
      await log.getByRole('row').filter({ hasText: 'South gate' }).getByText('Ada Organiser').waitFor();
      expect(await log.getByRole('row').filter({ hasText: 'South gate' }).textContent()).toContain('desk-tablet');
      await page.locator('.recharts-bar-rectangle').first().waitFor();
      await shot(page, '13-attendance-gates');
    });

    it('revokes the device with a confirmation: its token is refused at once', async () => {
      await go(page, devicesPage());
      const row = deviceRow(page, 'North gate phone 1');
      await row.getByRole('button', { name: 'Revoke' }).click();
      await page.getByText('The device stops scanning at once').waitFor();
      await shot(page, '14-scanner-device-revoke-confirm');
      await page.getByRole('button', { name: 'Revoke device' }).click();
      await page.getByText('North gate phone 1 revoked').waitFor();
      await row.getByText('revoked', { exact: true }).waitFor();
      expect(await row.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
      await shot(page, '15-scanner-device-revoked');
      const refused = await t
        .http()
        .get(`/api/v1/events/${door.id}/attendance`)
        .set({ Authorization: `Bearer ${deviceToken}` })
        .expect(401);
      expect(refused.body.code).toBe('device_revoked');
    });

    it('shows a viewer the devices read-only: no add or revoke buttons', async () => {
      await t.http().post(`/api/v1/events/${door.id}/scanner-devices`).set(admin.auth).send({ name: 'Spare phone' }).expect(201);
      const vpage = await viewerPage();
      await go(vpage, devicesPage());
      await deviceRow(vpage, 'Spare phone').getByText('unpaired').waitFor();
      await deviceRow(vpage, 'North gate phone 1').getByText('revoked', { exact: true }).waitFor();
      await shot(vpage, '16-viewer-scanner-devices');
      expect(await vpage.getByRole('button', { name: 'Add scanner device' }).count()).toBe(0);
      expect(await vpage.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
      await go(vpage, `/events/${eventId}/show`);
      await vpage.getByRole('heading', { name: 'Lagos Jazz Night', exact: true }).waitFor();
      expect(await vpage.getByRole('button', { name: /^Edit / }).count()).toBe(0);
    });
  });

  it('shows a viewer everything read-only: no action buttons', async () => {
    const vpage = await viewerPage();
    await go(vpage, `/events/${eventId}/show`);
    await vpage.getByRole('heading', { name: 'Lagos Jazz Night', exact: true }).waitFor();
    await go(vpage, `/bookings/${bookingId}/show`);
    await vpage.getByRole('table', { name: 'Tickets' }).waitFor();
    await shot(vpage, '08-viewer-booking');
    expect(await vpage.getByRole('menuitem', { name: 'Box office' }).count()).toBe(0);
    for (const name of ['Edit', 'Publish', 'Cancel event', 'Add ticket type', 'Cancel and refund', 'Resend tickets', 'Approve', 'Create'])
      expect(await vpage.getByRole('button', { name, exact: true }).count()).toBe(0);
    await go(vpage, `/users`);
    await vpage.getByRole('cell', { name: viewer.email }).waitFor();
    expect(await vpage.getByRole('link', { name: 'Create' }).count()).toBe(0);
  });
});
