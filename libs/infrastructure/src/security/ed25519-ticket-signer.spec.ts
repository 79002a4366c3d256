import { generateKeyPairSync, verify } from 'node:crypto';
import { parsePayload } from '@app/tickets';
import { Ed25519TicketSigner, keyIdOf } from './ed25519-ticket-signer.js';

const claims = { ticketId: '0193b8c2-7d1e-7c4a-9f1e-2b3c4d5e6f70', eventId: '0193b8c2-0000-7000-8000-000000000001', version: 1 };
const ed25519 = () => generateKeyPairSync('ed25519');

describe('Ed25519TicketSigner', () => {
  const current = ed25519();
  const signer = new Ed25519TicketSigner({ privateKey: current.privateKey, previousPublicKeys: [] });

  it('signs deterministically and verifies its own payloads', () => {
    const payload = signer.sign(claims);
    expect(signer.sign(claims)).toBe(payload);
    expect(signer.verify(payload)).toEqual({ valid: true, claims, keyId: keyIdOf(current.publicKey) });
  });

  it('produces a signature any Ed25519 implementation verifies with the published raw key (RFC 8032)', () => {
    const payload = signer.sign(claims);
    const parsed = parsePayload(payload)!;
    const [key] = signer.publicKeys();
    expect(key).toMatchObject({ keyId: keyIdOf(current.publicKey), algorithm: 'Ed25519', current: true });
    const raw = Buffer.from(key!.publicKey, 'base64url');
    expect(raw).toHaveLength(32);
    const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]); // SPKI prefix of an Ed25519 key
    expect(verify(null, Buffer.from(parsed.signedText, 'ascii'), { key: der, format: 'der', type: 'spki' }, parsed.signature)).toBe(true);
  });

  it('refuses a payload with any one character changed', () => {
    const payload = signer.sign(claims);
    for (let i = 3; i < payload.length; i += 7) {
      if (payload[i] === '.') continue;
      const changed = payload.slice(0, i) + (payload[i] === 'A' ? 'B' : 'A') + payload.slice(i + 1);
      expect(signer.verify(changed).valid).toBe(false);
    }
  });

  it('refuses a payload signed by another key, even one claiming our key id', () => {
    const other = new Ed25519TicketSigner({ privateKey: ed25519().privateKey, previousPublicKeys: [] });
    const foreign = other.sign(claims);
    expect(signer.verify(foreign)).toEqual({ valid: false, reason: 'unknown_key' });
    // Forge: our key id in the claims, their signature.
    const ours = parsePayload(signer.sign(claims))!;
    const forged = `${ours.signedText}.${foreign.split('.')[2]}`;
    expect(signer.verify(forged)).toEqual({ valid: false, reason: 'bad_signature' });
    expect(signer.verify('T1.nope.nope')).toEqual({ valid: false, reason: 'malformed' });
  });

  it('keeps verifying payloads of a previous key after rotation', () => {
    const old = ed25519();
    const before = new Ed25519TicketSigner({ privateKey: old.privateKey, previousPublicKeys: [] }).sign(claims);
    const rotated = new Ed25519TicketSigner({ privateKey: current.privateKey, previousPublicKeys: [old.publicKey] });
    expect(rotated.verify(before).valid).toBe(true);
    expect(rotated.publicKeys().map((k) => k.current)).toEqual([true, false]);
    expect(rotated.sign(claims)).not.toBe(before);
  });

  it('refuses keys that are not Ed25519', () => {
    expect(() => new Ed25519TicketSigner({ privateKey: generateKeyPairSync('x25519').privateKey, previousPublicKeys: [] })).toThrow();
  });
});
