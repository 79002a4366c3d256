import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { Role } from '@app/shared';
import { TicketRepository, TicketsService } from '@app/tickets';
import { Ed25519TicketSigner } from '@app/infrastructure';
import { createEvent } from '../factories/events.js';
import { bookFreeTickets, createOpenEvent, scan, verifyScan } from '../factories/tickets.js';
import { createAdmin, createUser, signUpCustomer, SignedInUser } from '../factories/users.js';
import { expectAttendanceCountersConsistent, query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

const MINUTE = 60_000;

/** Everything the database knows about an event's tickets and scans, to prove that a request changed nothing. */
async function snapshot(t: TestApp, eventId: string) {
  const tickets = await query(
    t,
    'SELECT id, status, version, checked_in_at, checked_in_gate, holder_name, updated_at FROM tickets WHERE event_id = $1 ORDER BY id',
    [eventId],
  );
  const scans = await query(t, 'SELECT id, result, superseded_by FROM check_ins WHERE event_id = $1 ORDER BY id', [eventId]);
  return { tickets, scans };
}

/** RFC 4648 base32 decoding, written independently of the server's, as a scanner app would. */
function base32(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  return Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
}

describe('check-in (e2e)', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let scanner: SignedInUser;
  let viewer: SignedInUser;
  let ada: SignedInUser;

  beforeAll(async () => {
    t = await startTestApp({ JOBS_ENABLED: 'false' });
    admin = await createAdmin(t);
    scanner = await createUser(t, [Role.Scanner]);
    viewer = await createUser(t, [Role.Viewer]);
    ada = await signUpCustomer(t, { name: 'Ada Lovelace' });
  });
  afterAll(() => t.close());

  it('a scanner app verifies a payload offline with only the public key from check-in-keys', async () => {
    const event = await createOpenEvent(t, admin);
    const [ticket] = await bookFreeTickets(t, ada, event, 1);
    const keys = await t.http().get(`/api/v1/events/${event.id}/check-in-keys`).set(scanner.auth).expect(200);
    expect(keys.body).toMatchObject({ eventId: event.id, payloadFormat: 'T2', keys: [{ algorithm: 'Ed25519', current: true }] });

    // From here on: no server, no database. The README's recipe, step by step.
    const payload = ticket!.qrPayload;
    const [prefix, claimsText, code, signatureText] = payload.split('.');
    expect(prefix).toBe('T2');
    expect(code).toBe(ticket!.code);
    const signed = `${prefix}.${claimsText}.${code}`;
    const claims = base32(claimsText!);
    expect(claims).toHaveLength(44);
    const hex = (b: Buffer) => b.toString('hex');
    const uuid = (b: Buffer) => hex(b).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
    const keyId = hex(claims.subarray(36, 44));
    const key = keys.body.keys.find((k: { keyId: string }) => k.keyId === keyId);
    expect(key).toBeDefined();
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey }, format: 'jwk' });
    expect(verify(null, Buffer.from(signed, 'ascii'), publicKey, base32(signatureText!))).toBe(true);
    expect({ ticketId: uuid(claims.subarray(0, 16)), eventId: uuid(claims.subarray(16, 32)), version: claims.readUInt32BE(32) }).toEqual({
      ticketId: ticket!.id,
      eventId: event.id,
      version: 1,
    });
    // The PEM form verifies too; a tampered payload does not.
    expect(verify(null, Buffer.from(signed, 'ascii'), createPublicKey(key.publicKeyPem), base32(signatureText!))).toBe(true);
    const tampered = `${claimsText!.slice(0, 10)}${claimsText![10] === 'A' ? 'B' : 'A'}${claimsText!.slice(11)}`;
    expect(verify(null, Buffer.from(`${prefix}.${tampered}.${code}`, 'ascii'), publicKey, base32(signatureText!))).toBe(false);
    // The code is signed too: another ticket's code in this payload does not verify.
    const otherCode = `${code!.slice(0, -1)}${code!.endsWith('0') ? '1' : '0'}`;
    expect(verify(null, Buffer.from(`${prefix}.${claimsText}.${otherCode}`, 'ascii'), publicKey, base32(signatureText!))).toBe(false);

    await t.http().get(`/api/v1/events/${event.id}/check-in-keys`).set(viewer.auth).expect(403);
    await t.http().get(`/api/v1/events/${event.id}/check-in-keys`).set(ada.auth).expect(403);
    await t.http().get('/api/v1/events/0193b8c2-7d1e-7c4a-9f1e-2b3c4d5e6f70/check-in-keys').set(scanner.auth).expect(404);
  });

  describe('refusals: each gives its documented result, is logged, and changes nothing else', () => {
    it('a payload with one changed character, or signed by another key, is invalid', async () => {
      const event = await createOpenEvent(t, admin);
      const [ticket] = await bookFreeTickets(t, ada, event, 1);
      const before = await snapshot(t, event.id);
      const payload = ticket!.qrPayload;
      const i = 20;
      const changed = payload.slice(0, i) + (payload[i] === 'A' ? 'B' : 'A') + payload.slice(i + 1);
      expect((await scan(t, scanner, { eventId: event.id, code: changed }).expect(200)).body).toMatchObject({
        result: 'invalid',
        ticketId: null,
        holderName: null,
      });
      const sigChanged = payload.slice(0, -5) + (payload.at(-5) === 'A' ? 'B' : 'A') + payload.slice(-4);
      expect((await scan(t, scanner, { eventId: event.id, code: sigChanged }).expect(200)).body.result).toBe('invalid');
      const rogue = new Ed25519TicketSigner({ privateKey: generateKeyPairSync('ed25519').privateKey, previousPublicKeys: [] });
      const forged = rogue.sign({ ticketId: ticket!.id, eventId: event.id, version: 1 });
      expect((await scan(t, scanner, { eventId: event.id, code: forged }).expect(200)).body.result).toBe('invalid');
      expect((await scan(t, scanner, { eventId: event.id, code: 'hello' }).expect(200)).body.result).toBe('invalid');
      expect((await scan(t, scanner, { eventId: event.id, code: 'TKT-20200101-ZZZZZZZZ' }).expect(200)).body.result).toBe('invalid');
      const after = await snapshot(t, event.id);
      expect(after.tickets).toEqual(before.tickets);
      expect(after.scans.map((s) => s.result)).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'invalid']);
      // The real payload still works.
      expect((await scan(t, scanner, { eventId: event.id, code: payload }).expect(200)).body.result).toBe('ok');
    });

    it("another event's ticket is wrong_event", async () => {
      const here = await createOpenEvent(t, admin);
      const there = await createOpenEvent(t, admin);
      const [ticket] = await bookFreeTickets(t, ada, there, 1);
      const before = await snapshot(t, there.id);
      for (const code of [ticket!.qrPayload, ticket!.code]) {
        expect((await scan(t, scanner, { eventId: here.id, code }).expect(200)).body).toMatchObject({
          result: 'wrong_event',
          ticketId: ticket!.id,
          holderName: 'Ada Lovelace',
        });
      }
      expect(await snapshot(t, there.id)).toEqual(before);
      expect((await query(t, 'SELECT result FROM check_ins WHERE event_id = $1', [here.id])).map((r) => r.result)).toEqual(['wrong_event', 'wrong_event']);
    });

    it('cancelled, refunded and transferred tickets; cancelled and unpaid bookings', async () => {
      const event = await createOpenEvent(t, admin);
      const tickets = await bookFreeTickets(t, ada, event, 3);
      const [cancelled, refunded, transferred] = tickets;
      const repo = t.app.get(TicketRepository);
      await repo.cancelValidOfBooking('0193b8c2-7d1e-7c4a-9f1e-2b3c4d5e6f70'); // another booking: no effect
      await query(t, `UPDATE tickets SET status = 'cancelled' WHERE id = $1`, [cancelled!.id]);
      expect((await repo.markRefunded(refunded!.bookingId, [refunded!.id, cancelled!.id])).map((x) => x.id)).toEqual([refunded!.id]);
      const bob = await signUpCustomer(t, { name: 'Bob' });
      const reissued = await t.app
        .get(TicketsService)
        .reissue(transferred!.id, { id: '0193b8c2-7d1e-7c4a-9f1e-000000000001', userId: bob.id, holderName: 'Bob', holderEmail: null });
      expect(reissued.issued).toMatchObject({ version: 2, replacesTicketId: transferred!.id, status: 'valid', userId: bob.id, seq: transferred!.seq });
      expect(reissued.issued.code).not.toBe(transferred!.code);

      const before = await snapshot(t, event.id);
      const result = async (code: string) => (await scan(t, scanner, { eventId: event.id, code }).expect(200)).body;
      expect(await result(cancelled!.qrPayload)).toMatchObject({
        result: 'cancelled',
        ticketId: cancelled!.id,
        holderName: 'Ada Lovelace',
        ticketTypeName: 'Free',
      });
      expect((await result(refunded!.code)).result).toBe('refunded');
      expect((await result(transferred!.qrPayload)).result).toBe('transferred');
      expect((await result(transferred!.code)).result).toBe('transferred');
      const after = await snapshot(t, event.id);
      expect(after.tickets).toEqual(before.tickets);
      expect(after.scans.map((s) => s.result).sort()).toEqual(['cancelled', 'refunded', 'transferred', 'transferred']);

      // The new holder's ticket scans ok.
      const bobsTicket = await t.http().get(`/api/v1/tickets/${reissued.issued.id}`).set(bob.auth).expect(200);
      expect(bobsTicket.body).toMatchObject({ version: 2, replacesTicketId: transferred!.id });
      expect((await result(bobsTicket.body.qrPayload)).result).toBe('ok');
      expect((await t.http().get(`/api/v1/tickets/${transferred!.id}`).set(ada.auth).expect(200)).body).toMatchObject({
        status: 'transferred',
        replacedByTicketId: reissued.issued.id,
      });

      // A valid ticket whose booking is cancelled, or unpaid.
      const other = await bookFreeTickets(t, ada, event, 2);
      await query(t, `UPDATE bookings SET status = 'cancelled' WHERE id = $1`, [other[0]!.bookingId]);
      expect((await result(other[0]!.qrPayload)).result).toBe('cancelled');
      await query(t, `UPDATE bookings SET status = 'pending_payment' WHERE id = $1`, [other[0]!.bookingId]);
      expect((await result(other[1]!.code)).result).toBe('unpaid');
      expect((await query(t, `SELECT status FROM tickets WHERE booking_id = $1`, [other[0]!.bookingId])).map((r) => r.status)).toEqual(['valid', 'valid']);
    });

    it('event_not_open before the window and after the end; the window opens CHECKIN_OPENS_BEFORE_MINUTES before the start', async () => {
      const event = await createEvent(t, admin, { capacity: 10, startsInHours: 5, ticketTypes: [{ price: 0, quantity: 10 }] }); // window opens in 1 h
      const [ticket] = await bookFreeTickets(t, ada, event, 1);
      const before = await snapshot(t, event.id);
      expect((await scan(t, scanner, { eventId: event.id, code: ticket!.qrPayload }).expect(200)).body).toMatchObject({
        result: 'event_not_open',
        holderName: 'Ada Lovelace',
      });
      expect((await snapshot(t, event.id)).tickets).toEqual(before.tickets);
      // Move the start to 4 h from now, just inside the default 240-minute window.
      await query(t, `UPDATE events SET starts_at = now() + interval '239 minutes', ends_at = now() + interval '8 hours' WHERE id = $1`, [event.id]);
      expect((await verifyScan(t, scanner, { eventId: event.id, code: ticket!.code }).expect(200)).body.result).toBe('ok');
      await query(t, `UPDATE events SET starts_at = now() - interval '5 hours', ends_at = now() - interval '1 minute' WHERE id = $1`, [event.id]);
      expect((await scan(t, scanner, { eventId: event.id, code: ticket!.code }).expect(200)).body.result).toBe('event_not_open');
      // An offline scan made before the end is still accepted after it.
      const during = new Date(Date.now() - 30 * MINUTE).toISOString();
      expect((await scan(t, scanner, { eventId: event.id, code: ticket!.code, scannedAt: during }).expect(200)).body).toMatchObject({
        result: 'ok',
        checkedInAt: during,
      });
    });

    it('customers and viewers may not check in (403); viewers may verify; unknown events are 404 and bad bodies 400', async () => {
      const event = await createOpenEvent(t, admin);
      const [ticket] = await bookFreeTickets(t, ada, event, 1);
      const before = await snapshot(t, event.id);
      expect((await scan(t, ada, { eventId: event.id, code: ticket!.code }).expect(403)).body.code).toBe('forbidden');
      await scan(t, viewer, { eventId: event.id, code: ticket!.code }).expect(403);
      await t
        .http()
        .post('/api/v1/check-ins/batch')
        .set(viewer.auth)
        .send({ eventId: event.id, scans: [{ clientScanId: 'a', code: ticket!.code, scannedAt: new Date().toISOString() }] })
        .expect(403);
      await t.http().post('/api/v1/check-ins').send({ eventId: event.id, code: ticket!.code }).expect(401);
      await verifyScan(t, ada, { eventId: event.id, code: ticket!.code }).expect(403);
      expect((await verifyScan(t, viewer, { eventId: event.id, code: ticket!.code }).expect(200)).body).toMatchObject({ result: 'ok', scanId: null });
      expect((await scan(t, scanner, { eventId: '0193b8c2-7d1e-7c4a-9f1e-2b3c4d5e6f70', code: ticket!.code }).expect(404)).body.code).toBe('event_not_found');
      expect((await scan(t, scanner, { eventId: '0193b8c2-7d1e-7c4a-9f1e-2b3c4d5e6f70', code: 'junk' }).expect(404)).body.code).toBe('event_not_found');
      const bad = await t.http().post('/api/v1/check-ins').set(scanner.auth).send({ eventId: 'x', code: '', extra: 1 }).expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['code', 'eventId', 'extra']);
      expect(await snapshot(t, event.id)).toEqual(before);
    });
  });

  it('scannedAt is an RFC 3339 date-time with Z or an offset (scan, verify, batch); nothing is logged', async () => {
    const event = await createOpenEvent(t, admin);
    const [ticket] = await bookFreeTickets(t, ada, event, 1);
    const before = await snapshot(t, event.id);
    const fields = (res: { body: { errors: { field: string }[] } }) => res.body.errors.map((e) => e.field);
    const withoutOffset = new Date(Date.now() - 5 * MINUTE).toISOString().slice(0, 19); // would be read as server-local time
    for (const bad of ['2026-W01-1', '2026-365', '20261231', '2026-12-31T19', withoutOffset]) {
      for (const call of [scan, verifyScan]) {
        const res = await call(t, scanner, { eventId: event.id, code: ticket!.code, scannedAt: bad }).expect(400);
        expect({ bad, code: res.body.code, fields: fields(res) }).toEqual({ bad, code: 'validation_failed', fields: ['scannedAt'] });
      }
      const batch = await t
        .http()
        .post('/api/v1/check-ins/batch')
        .set(scanner.auth)
        .send({ eventId: event.id, scans: [{ clientScanId: 'b1', code: ticket!.code, scannedAt: bad }] })
        .expect(400);
      expect({ bad, fields: fields(batch) }).toEqual({ bad, fields: ['scans[0].scannedAt'] });
    }
    expect(await snapshot(t, event.id)).toEqual(before);

    // An offset names its instant; the answer is in UTC.
    const scannedAt = Math.floor((Date.now() - 2 * MINUTE) / 1000) * 1000;
    const plusTwo = new Date(scannedAt + 120 * MINUTE).toISOString().replace('Z', '+02:00');
    expect((await scan(t, scanner, { eventId: event.id, code: ticket!.code, scannedAt: plusTwo }).expect(200)).body).toMatchObject({
      result: 'ok',
      scannedAt: new Date(scannedAt).toISOString(),
    });
  });

  it('optional scan fields may be left out but not sent as null; nothing is logged', async () => {
    const event = await createOpenEvent(t, admin);
    const [ticket] = await bookFreeTickets(t, ada, event, 1);
    const before = await snapshot(t, event.id);
    for (const field of ['gate', 'deviceId', 'scannedAt', 'clientScanId']) {
      const res = await t
        .http()
        .post('/api/v1/check-ins')
        .set(scanner.auth)
        .send({ eventId: event.id, code: ticket!.code, [field]: null })
        .expect(400);
      expect(res.body.errors).toEqual([{ field, message: `${field} must not be null (leave it out instead)` }]);
    }
    const batch = await t
      .http()
      .post('/api/v1/check-ins/batch')
      .set(scanner.auth)
      .send({ eventId: event.id, scans: [{ clientScanId: 'b1', code: ticket!.code, scannedAt: new Date().toISOString(), gate: null, deviceId: null }] })
      .expect(400);
    expect(batch.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['scans[0].deviceId', 'scans[0].gate']);
    expect(await snapshot(t, event.id)).toEqual(before);
  });

  it('verify answers what a scan would, and changes nothing', async () => {
    const event = await createOpenEvent(t, admin);
    const [ticket] = await bookFreeTickets(t, ada, event, 1);
    const before = await snapshot(t, event.id);
    for (let i = 0; i < 3; i++) {
      expect((await verifyScan(t, scanner, { eventId: event.id, code: ticket!.qrPayload }).expect(200)).body).toMatchObject({
        result: 'ok',
        ticketId: ticket!.id,
        scanId: null,
        checkedInAt: null,
      });
    }
    expect(await snapshot(t, event.id)).toEqual(before);
    const done = await scan(t, scanner, { eventId: event.id, code: ticket!.qrPayload, gate: 'A' }).expect(200);
    const mid = await snapshot(t, event.id);
    expect((await verifyScan(t, scanner, { eventId: event.id, code: ticket!.code }).expect(200)).body).toMatchObject({
      result: 'already_checked_in',
      checkedInAt: done.body.checkedInAt,
      checkedInGate: 'A',
    });
    expect((await verifyScan(t, scanner, { eventId: event.id, code: 'T1.AAAA.BBBB' }).expect(200)).body.result).toBe('invalid');
    expect(await snapshot(t, event.id)).toEqual(mid);
  });

  it('clientScanId makes a scan idempotent: a retry answers the first result, replayed', async () => {
    const event = await createOpenEvent(t, admin);
    const [ticket] = await bookFreeTickets(t, ada, event, 1);
    const first = await scan(t, scanner, { eventId: event.id, code: ticket!.code, clientScanId: 'scan-1', gate: 'G1' }).expect(200);
    expect(first.body).toMatchObject({ result: 'ok', replayed: false, clientScanId: 'scan-1' });
    const retry = await scan(t, scanner, { eventId: event.id, code: ticket!.code, clientScanId: 'scan-1', gate: 'G1' }).expect(200);
    expect(retry.body).toMatchObject({ result: 'ok', replayed: true, scanId: first.body.scanId, checkedInAt: first.body.checkedInAt });
    expect((await query(t, 'SELECT count(*)::int AS n FROM check_ins WHERE event_id = $1', [event.id]))[0]!.n).toBe(1);
    // Another scanner's id space is its own.
    const other = await createUser(t, [Role.Scanner]);
    expect((await scan(t, other, { eventId: event.id, code: ticket!.code, clientScanId: 'scan-1' }).expect(200)).body).toMatchObject({
      result: 'already_checked_in',
      replayed: false,
    });
  });

  describe('offline batches', () => {
    it('duplicates replay, conflicting devices resolve to the earliest scannedAt, whatever the order', async () => {
      const event = await createOpenEvent(t, admin);
      const [a, b, c] = await bookFreeTickets(t, ada, event, 3);
      const start = Date.now();
      const at = (minutesAgo: number) => new Date(start - minutesAgo * MINUTE).toISOString();
      const res = await t
        .http()
        .post('/api/v1/check-ins/batch')
        .set(scanner.auth)
        .send({
          eventId: event.id,
          scans: [
            { clientScanId: 'd2-1', code: a!.qrPayload, scannedAt: at(5), gate: 'South', deviceId: 'd2' }, // later
            { clientScanId: 'd1-1', code: a!.code, scannedAt: at(10), gate: 'North', deviceId: 'd1' }, // earliest: wins
            { clientScanId: 'd1-2', code: b!.qrPayload, scannedAt: at(9), gate: 'North', deviceId: 'd1' },
            { clientScanId: 'd1-2', code: b!.qrPayload, scannedAt: at(9), gate: 'North', deviceId: 'd1' }, // duplicate
            { clientScanId: 'd1-3', code: 'garbage', scannedAt: at(8), deviceId: 'd1' },
          ],
        })
        .expect(200);
      expect(res.body.results.map((r: { clientScanId: string; result: string; replayed: boolean }) => [r.clientScanId, r.result, r.replayed])).toEqual([
        ['d2-1', 'already_checked_in', false],
        ['d1-1', 'ok', false],
        ['d1-2', 'ok', false],
        ['d1-2', 'ok', true],
        ['d1-3', 'invalid', false],
      ]);
      // The later device learns the first check-in's time and gate.
      expect(res.body.results[0]).toMatchObject({ checkedInAt: at(10), checkedInGate: 'North' });
      expect(res.body.results[1]).toMatchObject({ checkedInAt: at(10), checkedInGate: 'North', scannedAt: at(10) });

      // The whole batch again: every scan replayed, nothing new logged.
      const count = async () => (await query<{ n: number }>(t, 'SELECT count(*)::int AS n FROM check_ins WHERE event_id = $1', [event.id]))[0]!.n;
      const logged = await count();
      expect(logged).toBe(4);
      const again = await t
        .http()
        .post('/api/v1/check-ins/batch')
        .set(scanner.auth)
        .send({
          eventId: event.id,
          scans: [
            { clientScanId: 'd1-1', code: a!.code, scannedAt: at(10) },
            { clientScanId: 'd2-1', code: a!.code, scannedAt: at(5) },
          ],
        })
        .expect(200);
      expect(again.body.results.map((r: { result: string; replayed: boolean }) => [r.result, r.replayed])).toEqual([
        ['ok', true],
        ['already_checked_in', true],
      ]);
      expect(await count()).toBe(logged);

      // A later-arriving batch from a third device holding an even earlier scan of ticket a takes the check-in over.
      const device3 = await createUser(t, [Role.Scanner]);
      const late = await t
        .http()
        .post('/api/v1/check-ins/batch')
        .set(device3.auth)
        .send({
          eventId: event.id,
          scans: [
            { clientScanId: 'd3-1', code: a!.qrPayload, scannedAt: at(20), gate: 'East', deviceId: 'd3' },
            { clientScanId: 'd3-2', code: c!.code, scannedAt: at(1), gate: 'East' },
          ],
        })
        .expect(200);
      expect(late.body.results.map((r: { result: string }) => r.result)).toEqual(['ok', 'ok']);
      const ticketA = await t.http().get(`/api/v1/tickets/${a!.id}`).set(admin.auth).expect(200);
      expect(ticketA.body).toMatchObject({ status: 'checked_in', checkedInGate: 'East', checkedInAt: late.body.results[0].checkedInAt });
      const log = await query<{ client_scan_id: string; result: string; superseded_by: string | null }>(
        t,
        'SELECT client_scan_id, result, superseded_by FROM check_ins WHERE ticket_id = $1 ORDER BY scanned_at',
        [a!.id],
      );
      expect(log).toEqual([
        { client_scan_id: 'd3-1', result: 'ok', superseded_by: null },
        { client_scan_id: 'd1-1', result: 'already_checked_in', superseded_by: late.body.results[0].scanId },
        { client_scan_id: 'd2-1', result: 'already_checked_in', superseded_by: null },
      ]);
      // The replaced winner's retry now reads already_checked_in, with the earliest check-in.
      const replay = await t
        .http()
        .post('/api/v1/check-ins/batch')
        .set(scanner.auth)
        .send({ eventId: event.id, scans: [{ clientScanId: 'd1-1', code: a!.code, scannedAt: at(10) }] })
        .expect(200);
      expect(replay.body.results[0]).toMatchObject({ result: 'already_checked_in', replayed: true, checkedInGate: 'East' });
    });

    it('refuses more than 500 scans, and bad items, naming the fields', async () => {
      const event = await createOpenEvent(t, admin);
      const scans = Array.from({ length: 501 }, (_, i) => ({ clientScanId: `s${i}`, code: 'x', scannedAt: new Date().toISOString() }));
      await t.http().post('/api/v1/check-ins/batch').set(scanner.auth).send({ eventId: event.id, scans }).expect(400);
      const bad = await t
        .http()
        .post('/api/v1/check-ins/batch')
        .set(scanner.auth)
        .send({ eventId: event.id, scans: [{ code: 'x', scannedAt: 'yesterday' }] })
        .expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['scans[0].clientScanId', 'scans[0].scannedAt']);
      await t
        .http()
        .post('/api/v1/check-ins/batch')
        .set(scanner.auth)
        .send({ eventId: '0193b8c2-7d1e-7c4a-9f1e-2b3c4d5e6f70', scans: scans.slice(0, 1) })
        .expect(404);
    });
  });

  it('the scan log pages newest first, with filters; attendance counts valid, checked in, not yet in, per type and hour', async () => {
    const event = await createOpenEvent(t, admin, {
      ticketTypes: [
        { name: 'VIP', price: 0, quantity: 10 },
        { name: 'Floor', price: 0, quantity: 10 },
      ],
    });
    const vip = await bookFreeTickets(t, ada, event, 3);
    const floor = await (async () => {
      const res = await t
        .http()
        .post('/api/v1/bookings')
        .set(ada.auth)
        .send({ eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[1]!.id, quantity: 2 }] })
        .expect(201);
      const list = await t.http().get('/api/v1/tickets').query({ eventId: event.id }).set(ada.auth).expect(200);
      return list.body.data.filter((x: { bookingId: string }) => x.bookingId === res.body.id);
    })();
    await query(t, `UPDATE tickets SET status = 'refunded' WHERE id = $1`, [floor[0].id]);
    await scan(t, scanner, { eventId: event.id, code: vip[0]!.code, gate: 'G' }).expect(200);
    await scan(t, scanner, { eventId: event.id, code: vip[1]!.code, gate: 'G' }).expect(200);
    await scan(t, scanner, { eventId: event.id, code: vip[1]!.code, gate: 'G' }).expect(200);
    await scan(t, scanner, { eventId: event.id, code: floor[0].code }).expect(200);
    await scan(t, scanner, { eventId: event.id, code: 'nonsense' }).expect(200);

    const page1 = await t.http().get(`/api/v1/events/${event.id}/check-ins`).query({ limit: 2 }).set(scanner.auth).expect(200);
    expect(page1.body.data.map((r: { result: string }) => r.result)).toEqual(['invalid', 'refunded']);
    const page2 = await t.http().get(`/api/v1/events/${event.id}/check-ins`).query({ limit: 2, cursor: page1.body.nextCursor }).set(viewer.auth).expect(200);
    expect(page2.body.data.map((r: { result: string }) => r.result)).toEqual(['already_checked_in', 'ok']);
    const page3 = await t.http().get(`/api/v1/events/${event.id}/check-ins`).query({ limit: 2, cursor: page2.body.nextCursor }).set(admin.auth).expect(200);
    expect(page3.body).toEqual({
      data: [expect.objectContaining({ result: 'ok', scannerId: scanner.id, gate: 'G', ticketId: vip[0]!.id, offline: false, code: vip[0]!.code })],
      nextCursor: null,
    });
    const oks = await t.http().get(`/api/v1/events/${event.id}/check-ins`).query({ result: 'ok' }).set(admin.auth).expect(200);
    expect(oks.body.data).toHaveLength(2);
    await t.http().get(`/api/v1/events/${event.id}/check-ins`).set(ada.auth).expect(403);
    await t.http().get(`/api/v1/events/${event.id}/check-ins`).query({ result: 'maybe' }).set(admin.auth).expect(400);

    const attendance = await t.http().get(`/api/v1/events/${event.id}/attendance`).set(viewer.auth).expect(200);
    const hour = new Date(Math.floor(Date.now() / 3600_000) * 3600_000).toISOString();
    expect(attendance.body).toEqual({
      eventId: event.id,
      valid: 4,
      checkedIn: 2,
      notYetIn: 2,
      inside: 2,
      gates: [{ gate: 'G', entries: 2, exits: 0 }],
      ticketTypes: [
        { ticketTypeId: event.ticketTypes[0]!.id, name: 'VIP', valid: 3, checkedIn: 2, notYetIn: 1, inside: 2 },
        { ticketTypeId: event.ticketTypes[1]!.id, name: 'Floor', valid: 1, checkedIn: 0, notYetIn: 1, inside: 0 },
      ],
      byHour: [{ hour, checkedIn: 2 }],
    });
    await t.http().get(`/api/v1/events/${event.id}/attendance`).set(ada.auth).expect(403);
    await t.http().get('/api/v1/events/0193b8c2-7d1e-7c4a-9f1e-2b3c4d5e6f70/attendance').set(admin.auth).expect(404);
  });

  it('the attendance counters kept by triggers equal a count of the rows, for every event above', async () => {
    const events = await query<{ id: string }>(t, 'SELECT id FROM events');
    expect(events.length).toBeGreaterThan(0);
    for (const { id } of events) await expectAttendanceCountersConsistent(t, id);
  });
});
