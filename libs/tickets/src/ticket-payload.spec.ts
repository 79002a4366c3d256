import { assemblePayload, base32Decode, base32Encode, parsePayload, signedTextOf } from './ticket-payload.js';

const claims = { ticketId: '0193b8c2-7d1e-7c4a-9f1e-2b3c4d5e6f70', eventId: '0193b8c2-0000-7000-8000-000000000001', version: 7 };

describe('ticket payload format T1', () => {
  it('base32 round-trips every length and matches RFC 4648 test vectors', () => {
    // RFC 4648 section 10 (without padding)
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Encode(Buffer.from('fo'))).toBe('MZXQ');
    for (let n = 0; n < 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      expect(Buffer.from(base32Decode(base32Encode(bytes))!)).toEqual(Buffer.from(bytes));
    }
    expect(base32Decode('MZXQ1')).toBeNull();
    expect(base32Decode('MZXR')).toBeNull(); // non-zero padding bits: not the canonical spelling
  });

  it('encodes claims and key id into 44 bytes and parses them back', () => {
    const text = signedTextOf(claims, '0123456789abcdef');
    expect(text).toMatch(/^T1\.[A-Z2-7]{71}$/);
    const payload = assemblePayload(text, new Uint8Array(64).fill(9));
    expect(payload).toHaveLength(178);
    expect(payload).toMatch(/^[0-9A-Z.]+$/); // QR alphanumeric mode
    expect(parsePayload(payload)).toEqual({ claims, keyId: '0123456789abcdef', signedText: text, signature: new Uint8Array(64).fill(9) });
  });

  it.each([
    ['wrong prefix', (p: string) => p.replace('T1.', 'T2.')],
    ['missing part', (p: string) => p.split('.').slice(0, 2).join('.')],
    ['extra part', (p: string) => `${p}.AA`],
    ['lower case', (p: string) => p.toLowerCase()],
    ['short signature', (p: string) => p.slice(0, -2)],
    ['short claims', (p: string) => p.replace(/^T1\.[A-Z2-7]{8}/, 'T1.')],
  ])('refuses a malformed payload: %s', (_name, mangle) => {
    const payload = assemblePayload(signedTextOf(claims, '0123456789abcdef'), new Uint8Array(64));
    expect(parsePayload(mangle(payload))).toBeNull();
  });

  it('refuses claims it cannot encode', () => {
    expect(() => signedTextOf({ ...claims, version: 0 }, '0123456789abcdef')).toThrow();
    expect(() => signedTextOf({ ...claims, ticketId: 'nope' }, '0123456789abcdef')).toThrow();
    expect(() => signedTextOf(claims, 'XYZ')).toThrow();
  });
});
