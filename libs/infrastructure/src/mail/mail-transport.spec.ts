import { fromDomain, isPermanentMailError } from './mail-transport.js';

describe('mail transport rules', () => {
  it('treats 5yz SMTP replies as permanent and everything else as worth a retry (RFC 5321 §4.2.1)', () => {
    expect(isPermanentMailError(Object.assign(new Error('550 mailbox unavailable'), { responseCode: 550, code: 'EENVELOPE' }))).toBe(true);
    expect(isPermanentMailError(Object.assign(new Error('552'), { responseCode: 552 }))).toBe(true);
    expect(isPermanentMailError(Object.assign(new Error('451 try later'), { responseCode: 451 }))).toBe(false);
    expect(isPermanentMailError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNECTION' }))).toBe(false);
    expect(isPermanentMailError(undefined)).toBe(false);
  });

  it('takes the Message-ID domain from the From address', () => {
    expect(fromDomain('Ticketing <no-reply@tickets.example.com>')).toBe('tickets.example.com');
    expect(fromDomain('no-reply@example.org')).toBe('example.org');
    expect(fromDomain('nonsense')).toBe('localhost');
  });
});
