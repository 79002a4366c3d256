import { createCipheriv, createHash, generateKeyPairSync, hkdfSync, randomBytes, randomUUID, sign, type KeyObject } from 'node:crypto';
import { normalizePairingCode, normalizeTicketCode } from '../../apps/scanner/src/codes.js';
import { Ed25519Verifier, openHolderName } from '../../apps/scanner/src/crypto.js';
import {
  applyDecision,
  decide,
  reconcile,
  ticketAfterResponse,
  type Direction,
  type FeedEvent,
  type FeedState,
  type FeedTicket,
  type HistoryEntry,
  type ScanResponse,
} from '../../apps/scanner/src/decide.js';
import { parsePayload } from '../../apps/scanner/src/payload.js';
import { assemblePayload, signedTextOf } from '../../libs/tickets/src/ticket-payload.js';
import { sealHolderName } from '../../libs/tickets/src/holder-name-seal.js';
import { normalizeTicketCode as serverNormalize } from '../../libs/tickets/src/ticket-code.js';

/**
 * The scanner app's local decision, against payloads made with the service's own encoder
 * (libs/tickets/src/ticket-payload.ts), signed with Node's Ed25519, and holder names sealed with
 * Node's crypto per the documented scheme: what the app decides offline is what the service would.
 */

interface SigningKey {
  keyId: string;
  raw: Uint8Array<ArrayBuffer>;
  privateKey: KeyObject;
}

function signingKey(): SigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }).subarray(-32));
  return { keyId: createHash('sha256').update(raw).digest('hex').slice(0, 16), raw, privateKey };
}

/** A payload as the service's encoder makes it: T2 (the code inside, signed too), or the earlier T1 without it. */
function payloadFor(key: SigningKey, t: { ticketId: string; eventId: string; version: number; code?: string }, format: 'T1' | 'T2' = 'T2'): string {
  const text = signedTextOf({ ticketId: t.ticketId, eventId: t.eventId, version: t.version, ...(format === 'T2' ? { code: t.code } : {}) }, key.keyId);
  return assemblePayload(text, new Uint8Array(sign(null, Buffer.from(text, 'ascii'), key.privateKey)));
}

function seal(code: string, ticketId: string, name: string): string {
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(code), Buffer.from(ticketId), Buffer.from('ticketing/holder-name/v1'), 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(ticketId));
  const body = Buffer.concat([cipher.update(name, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${iv.toString('base64url')}.${body.toString('base64url')}`;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const EVENT_ID = randomUUID();
const NOW = new Date('2027-03-10T19:30:00.000Z');
const event: FeedEvent = {
  id: EVENT_ID,
  title: 'Jazz',
  status: 'published',
  startsAt: '2027-03-10T19:00:00.000Z',
  endsAt: '2027-03-10T23:00:00.000Z',
  scanOpensAt: '2027-03-10T17:00:00.000Z',
};
const key = signingKey();
const verifier = new Ed25519Verifier();

let serial = 0;
function ticket(overrides: Partial<FeedTicket> & { name?: string } = {}): FeedTicket & { code: string } {
  const ticketId = overrides.ticketId ?? randomUUID();
  const code = `TKT-20270310-${String(serial++)
    .padStart(8, '0')
    .replace(/[ILOU]/g, '0')}`;
  const { name = 'Ada Obi', ...rest } = overrides;
  return {
    ticketId,
    code,
    codeHash: sha256(code),
    version: 1,
    status: 'valid',
    inside: false,
    checkedInAt: null,
    checkedInGate: null,
    ticketTypeId: randomUUID(),
    ticketTypeName: 'Regular',
    reentry: false,
    holderNameSealed: seal(code, ticketId, name),
    ...rest,
  };
}

function stateOf(...tickets: FeedTicket[]): FeedState {
  return {
    eventId: EVENT_ID,
    event,
    keys: new Map([[key.keyId, key.raw]]),
    tickets: new Map(tickets.map((t) => [t.ticketId, t])),
    byCodeHash: new Map(tickets.map((t) => [t.codeHash, t.ticketId])),
  };
}

const run = (text: string, state: FeedState, direction: Direction = 'entry', now = NOW, v = verifier) => decide(text, state, { direction, now, verifier: v });

describe('scanner app: local decision', () => {
  it('admits a valid T2 payload, opens the holder name with the code inside it, and names the type', async () => {
    const t = ticket({ name: 'Ngozi Okafor' });
    const payload = payloadFor(key, { ...t, eventId: EVENT_ID });
    expect(payload).toMatch(/^T2\.[A-Z2-7]{71}\.TKT-20270310-[0-9A-Z]{8}\.[A-Z2-7]{103}$/);
    const d = await run(payload, stateOf(t));
    expect(d).toMatchObject({
      result: 'ok',
      ticketId: t.ticketId,
      code: t.code,
      holderName: 'Ngozi Okafor',
      ticketTypeName: 'Regular',
      judgeable: true,
      reason: null,
    });
  });

  it('admits a T1 payload (no code inside: no name shown)', async () => {
    const t = ticket();
    const d = await run(payloadFor(key, { ...t, eventId: EVENT_ID }, 'T1'), stateOf(t));
    expect(d).toMatchObject({ result: 'ok', ticketId: t.ticketId, code: null, holderName: null, ticketTypeName: 'Regular' });
  });

  it.each(['T1', 'T2'] as const)('refuses a tampered %s payload (claims, code or signature changed) as invalid', async (format) => {
    const t = ticket();
    const other = ticket();
    const state = stateOf(t, other);
    const payload = payloadFor(key, { ...t, eventId: EVENT_ID }, format);
    const parts = payload.split('.');
    // Another ticket's claims under this signature.
    const swapped = payloadFor(key, { ...other, eventId: EVENT_ID }, format).split('.');
    const tampered = [...parts];
    tampered[1] = swapped[1]!;
    expect(await run(tampered.join('.'), state)).toMatchObject({ result: 'invalid', reason: 'bad_signature' });
    // A flipped signature character.
    const sig = parts[parts.length - 1]!;
    const flipped = [...parts.slice(0, -1), (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1)].join('.');
    expect(await run(flipped, state)).toMatchObject({ result: 'invalid', reason: 'bad_signature' });
    if (format === 'T2') {
      // The code of another ticket inside a T2 payload: the signature covers the code.
      expect(await run([parts[0], parts[1], other.code, parts[3]].join('.'), state)).toMatchObject({ result: 'invalid', reason: 'bad_signature' });
    }
  });

  it('refuses a payload signed by an unknown key, and garbage, as invalid; ready for the next at once', async () => {
    const t = ticket();
    const state = stateOf(t);
    expect(await run(payloadFor(signingKey(), { ...t, eventId: EVENT_ID }), state)).toMatchObject({ result: 'invalid', reason: 'unknown_key', ticketId: null });
    for (const junk of ['', 'hello', 'T2.AAAA', 'T1.' + 'A'.repeat(71) + '.' + 'A'.repeat(103), 'https://example.com']) {
      expect(await run(junk, state)).toMatchObject({ result: 'invalid', reason: 'unreadable', judgeable: false });
    }
    expect(await run(payloadFor(key, { ...t, eventId: EVENT_ID }), state)).toMatchObject({ result: 'ok' });
  });

  it('verifies with @noble/ed25519 where WebCrypto lacks Ed25519, with the same answers', async () => {
    const noble = new Ed25519Verifier(true);
    expect(await noble.implementation()).toBe('noble');
    expect(await verifier.implementation()).toBe('webcrypto');
    const t = ticket();
    const payload = payloadFor(key, { ...t, eventId: EVENT_ID });
    expect(await run(payload, stateOf(t), 'entry', NOW, noble)).toMatchObject({ result: 'ok' });
    expect(await run(payload.slice(0, -2) + (payload.endsWith('AA') ? 'BA' : 'AA'), stateOf(t), 'entry', NOW, noble)).toMatchObject({
      result: 'invalid',
      reason: 'bad_signature',
    });
  });

  it('finds a typed human code by its SHA-256 hash, in any case and spacing, and opens the name', async () => {
    const t = ticket({ name: 'Émeka Ọkọ' });
    const state = stateOf(t);
    const typed = ` ${t.code.toLowerCase().replace(/-/g, ' ')} `;
    expect(await run(typed, state)).toMatchObject({ result: 'ok', ticketId: t.ticketId, code: t.code, holderName: 'Émeka Ọkọ' });
    // Unknown code: invalid, but worth sending (the feed may be behind).
    expect(await run('TKT-20270310-ZZZZZZZZ', state)).toMatchObject({ result: 'invalid', reason: 'unknown_code', judgeable: true, ticketId: null });
    expect(await run('TKT-2027-0310', state)).toMatchObject({ result: 'invalid', reason: 'unreadable', judgeable: false });
  });

  it('normalises codes exactly as the service does', () => {
    for (const input of [
      'tkt-20261231-7k3qx9mz',
      'TKT202612317K3QX9MZ',
      ' tkt 2026 1231 7k3q x9mz ',
      'TKT-20261231-OILO0110',
      'TKT-20261231-UUUUUUUU',
      'TKT-2026123-7K3QX9MZ',
      'nope',
    ]) {
      expect(normalizeTicketCode(input)).toBe(serverNormalize(input));
    }
    expect(normalizePairingCode('scp abcd efgh jkmn')).toBe('SCP-ABCD-EFGH-JKMN');
    expect(normalizePairingCode('SCP-0OIL-1234-5678')).toBe('SCP-0011-1234-5678');
    expect(normalizePairingCode('SCP-UUUU-1234-5678')).toBeNull();
    expect(normalizePairingCode('SCP-1234')).toBeNull();
  });

  it('answers wrong_event for a genuine payload of another event', async () => {
    const t = ticket();
    const d = await run(payloadFor(key, { ...t, eventId: randomUUID() }), stateOf(t));
    expect(d).toMatchObject({ result: 'wrong_event', ticketId: t.ticketId });
  });

  it('answers invalid for a genuine payload of a ticket not in the feed', async () => {
    const t = ticket();
    expect(await run(payloadFor(key, { ...t, eventId: EVENT_ID }), stateOf())).toMatchObject({ result: 'invalid', reason: 'not_in_feed' });
  });

  it('refuses an older version: transferred when the ticket was transferred, else invalid', async () => {
    const t = ticket({ version: 2 });
    const old = payloadFor(key, { ...t, eventId: EVENT_ID, version: 1 });
    expect(await run(old, stateOf(t))).toMatchObject({ result: 'invalid', reason: 'old_version' });
    expect(await run(old, stateOf({ ...t, status: 'transferred' }))).toMatchObject({ result: 'transferred' });
    expect(await run(payloadFor(key, { ...t, eventId: EVENT_ID, version: 2 }), stateOf(t))).toMatchObject({ result: 'ok' });
  });

  it.each(['cancelled', 'refunded', 'transferred', 'unpaid'])('answers %s for a ticket of that status, entry and exit', async (status) => {
    const t = ticket({ status });
    const payload = payloadFor(key, { ...t, eventId: EVENT_ID });
    expect((await run(payload, stateOf(t))).result).toBe(status);
    expect((await run(payload, stateOf(t), 'exit')).result).toBe(status);
    expect((await run(t.code, stateOf(t))).result).toBe(status);
  });

  it('admits once: a second entry is already in, with the first time and gate', async () => {
    const t = ticket();
    const payload = payloadFor(key, { ...t, eventId: EVENT_ID });
    const first = await run(payload, stateOf(t));
    expect(first.result).toBe('ok');
    const after = applyDecision(t, first, { scannedAt: '2027-03-10T19:30:00.000Z', gate: 'North' })!;
    expect(after).toMatchObject({ inside: true, status: 'checked_in', checkedInAt: '2027-03-10T19:30:00.000Z', checkedInGate: 'North' });
    const second = await run(payload, stateOf(after));
    expect(second).toMatchObject({ result: 'already_checked_in', checkedInAt: '2027-03-10T19:30:00.000Z', checkedInGate: 'North' });
    expect(applyDecision(after, second, { scannedAt: NOW.toISOString(), gate: 'South' })).toBeNull();
  });

  it('exit then re-entry: ok on a re-entry type (first check-in kept), already in on another; exit of one outside is not_inside', async () => {
    const at = { scannedAt: '2027-03-10T19:30:00.000Z', gate: 'North' };
    for (const reentry of [true, false]) {
      const { code, ...fresh } = ticket({ reentry });
      let t: FeedTicket = fresh;
      expect((await run(code, stateOf(t), 'exit')).result).toBe('not_inside');
      const entry = await run(code, stateOf(t));
      t = applyDecision(t, entry, at)!;
      const exit = await run(code, stateOf(t), 'exit');
      expect(exit.result).toBe('ok');
      t = applyDecision(t, exit, { scannedAt: '2027-03-10T20:00:00.000Z', gate: 'East' })!;
      expect(t).toMatchObject({ inside: false, checkedInAt: at.scannedAt, checkedInGate: 'North' });
      expect((await run(code, stateOf(t), 'exit')).result).toBe('not_inside');
      const again = await run(code, stateOf(t));
      expect(again.result).toBe(reentry ? 'ok' : 'already_checked_in');
      if (reentry)
        expect(applyDecision(t, again, { scannedAt: '2027-03-10T21:00:00.000Z', gate: 'East' })).toMatchObject({
          inside: true,
          checkedInAt: at.scannedAt,
          checkedInGate: 'North',
        });
    }
  });

  it('answers event_not_open outside the scan window for entry, while exit ignores the window', async () => {
    const inside = ticket({ inside: true, status: 'checked_in', checkedInAt: '2027-03-10T19:00:00.000Z', reentry: true });
    const outside = ticket();
    const state = stateOf(inside, outside);
    expect((await run(outside.code, state, 'entry', new Date('2027-03-10T16:59:59.000Z'))).result).toBe('event_not_open');
    expect((await run(outside.code, state, 'entry', new Date('2027-03-10T23:00:01.000Z'))).result).toBe('event_not_open');
    expect((await run(outside.code, { ...state, event: { ...event, status: 'draft' } })).result).toBe('event_not_open');
    expect((await run(inside.code, state, 'exit', new Date('2027-03-11T02:00:00.000Z'))).result).toBe('ok');
    expect((await run(outside.code, state, 'entry', new Date('2027-03-10T17:00:00.000Z'))).result).toBe('ok');
  });

  it('opens a holder name only with the ticket’s own code and an unaltered seal', async () => {
    const t = ticket({ name: 'Zainab' });
    expect(await openHolderName(t.code, t.ticketId, t.holderNameSealed)).toBe('Zainab');
    expect(await openHolderName('TKT-20270310-00000099', t.ticketId, t.holderNameSealed)).toBeNull();
    expect(await openHolderName(t.code, randomUUID(), t.holderNameSealed)).toBeNull(); // AAD and salt are the ticket id
    const [iv, body] = t.holderNameSealed.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0]! ^= 1;
    expect(await openHolderName(t.code, t.ticketId, `${iv}.${flipped.toString('base64url')}`)).toBeNull();
    expect(await openHolderName(t.code, t.ticketId, 'garbage')).toBeNull();
  });

  it('opens a name the service sealed (libs/tickets holder-name-seal.ts)', async () => {
    const id = randomUUID();
    expect(await openHolderName('TKT-20270310-7K3QX9MZ', id, sealHolderName('TKT-20270310-7K3QX9MZ', id, 'Ọlá Adé'))).toBe('Ọlá Adé');
  });

  it('parses what the service encodes (T1 and T2 claims)', () => {
    const t = ticket();
    for (const format of ['T1', 'T2'] as const) {
      const parsed = parsePayload(payloadFor(key, { ...t, eventId: EVENT_ID, version: 7 }, format));
      expect(parsed).toMatchObject({ format, ticketId: t.ticketId, eventId: EVENT_ID, version: 7, keyId: key.keyId, code: format === 'T2' ? t.code : null });
    }
  });
});

describe('scanner app: the conflict rule', () => {
  const entry = (over: Partial<HistoryEntry> = {}): HistoryEntry => ({
    clientScanId: randomUUID(),
    scannedAt: '2027-03-10T19:30:05.000Z',
    direction: 'entry',
    gate: 'North',
    localResult: 'ok',
    serverResult: null,
    sync: 'pending',
    ticketId: randomUUID(),
    holderName: 'Ada',
    ticketTypeName: 'Regular',
    checkedInAt: null,
    checkedInGate: null,
    ...over,
  });
  const response = (e: HistoryEntry, over: Partial<ScanResponse>): ScanResponse => ({
    scanId: randomUUID(),
    clientScanId: e.clientScanId,
    result: 'ok',
    direction: e.direction,
    eventId: EVENT_ID,
    ticketId: e.ticketId,
    holderName: null,
    ticketTypeId: randomUUID(),
    ticketTypeName: 'Regular',
    checkedInAt: e.scannedAt,
    checkedInGate: 'North',
    inside: true,
    scannedAt: e.scannedAt,
    replayed: false,
    ...over,
  });

  it('confirms a scan the service agrees with', () => {
    const e = entry();
    expect(reconcile(e, response(e, {}))).toMatchObject({ sync: 'confirmed', serverResult: 'ok', localResult: 'ok', holderName: 'Ada' });
  });

  it('corrects a local ok that another device won (earlier scannedAt): already in, with that device’s time and gate', () => {
    const e = entry();
    const fixed = reconcile(e, response(e, { result: 'already_checked_in', checkedInAt: '2027-03-10T19:29:58.000Z', checkedInGate: 'South' }));
    expect(fixed).toMatchObject({
      sync: 'corrected',
      localResult: 'ok',
      serverResult: 'already_checked_in',
      checkedInAt: '2027-03-10T19:29:58.000Z',
      checkedInGate: 'South',
      holderName: 'Ada',
    });
  });

  it('corrects a local invalid the service knew (feed behind) and takes its names', () => {
    const e = entry({ localResult: 'invalid', ticketId: null, holderName: null, ticketTypeName: null });
    const id = randomUUID();
    expect(reconcile(e, response(e, { ticketId: id, holderName: 'Bola', ticketTypeName: 'VIP' }))).toMatchObject({
      sync: 'corrected',
      serverResult: 'ok',
      ticketId: id,
      holderName: 'Bola',
      ticketTypeName: 'VIP',
    });
  });

  it('takes the service’s inside and first check-in into the local ticket', () => {
    const t = ticket({ inside: true, status: 'checked_in', checkedInAt: '2027-03-10T19:30:05.000Z', checkedInGate: 'North' });
    const e = entry({ ticketId: t.ticketId });
    expect(
      ticketAfterResponse(t, response(e, { result: 'already_checked_in', checkedInAt: '2027-03-10T19:29:58.000Z', checkedInGate: 'South', inside: true })),
    ).toMatchObject({
      inside: true,
      checkedInAt: '2027-03-10T19:29:58.000Z',
      checkedInGate: 'South',
    });
    expect(ticketAfterResponse(t, response(e, { ticketId: null, inside: null }))).toBeNull();
  });
});
