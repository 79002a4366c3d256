/* global fetch */
// A booking flow against a running service, for CI's smoke runs (plain Node, no dependencies):
// health and readiness, admin sign-in, an event with a free ticket type, a booking of 3 tickets,
// the tickets with their QR payloads, one check-in, and the attendee CSV export.
// Usage: node .ci/smoke-flow.mjs <base url, e.g. http://127.0.0.1:3000/api/v1> <admin e-mail> <admin password>
const [base, email, password] = process.argv.slice(2);

async function call(method, path, body, token) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, json: () => JSON.parse(text) };
}

function expect(what, ok, detail) {
  if (!ok) {
    console.error(`smoke flow: ${what} failed: ${detail}`);
    process.exit(1);
  }
}

const health = await call('GET', '/health');
expect('health', health.status === 200 && health.json().status === 'ok', health.text);
const ready = await call('GET', '/health/ready');
expect('readiness', ready.status === 200, ready.text);
const login = await call('POST', '/auth/login', { email, password });
expect('admin login', login.status === 200, login.text);
const token = login.json().accessToken;

const startsAt = new Date(Date.now() + 3600_000);
const event = await call(
  'POST',
  '/events',
  {
    title: 'Smoke',
    venue: 'Hall',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 3 * 3600_000).toISOString(),
    timezone: 'UTC',
    capacity: 10,
    currency: 'NGN',
  },
  token,
);
expect('create event', event.status === 201, event.text);
const eventId = event.json().id;
const type = await call('POST', `/events/${eventId}/ticket-types`, { name: 'Free', price: 0, quantity: 10 }, token);
expect('create ticket type', type.status === 201, type.text);
const publish = await call('POST', `/events/${eventId}/publish`, undefined, token);
expect('publish', publish.status === 200, publish.text);
const booking = await call('POST', '/bookings', { eventId, items: [{ ticketTypeId: type.json().id, quantity: 3 }] }, token);
expect('booking', booking.status === 201 && booking.json().status === 'confirmed', booking.text);

const tickets = await call('GET', `/tickets?eventId=${eventId}`, undefined, token);
expect('tickets', tickets.status === 200 && tickets.json().data.length === 3, tickets.text);
const scan = await call('POST', '/check-ins', { eventId, code: tickets.json().data[0].qrPayload, gate: 'smoke' }, token);
expect('check-in', scan.status === 200 && scan.json().result === 'ok', scan.text);

const csv = await call('GET', `/events/${eventId}/attendees?format=csv`, undefined, token);
const lines = csv.text.split('\r\n');
expect('attendee CSV', csv.status === 200 && csv.type.startsWith('text/csv') && lines.length === 5 && lines[0].startsWith('ticket_id,code,status,'), csv.text);
console.log(`smoke flow: health, login, booking of 3, tickets, check-in, CSV export OK`);
