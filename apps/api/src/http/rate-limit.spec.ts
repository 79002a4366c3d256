import { rateLimitKey } from './rate-limit.js';

describe('rateLimitKey', () => {
  it('keys IPv4 clients by address, IPv4-mapped IPv6 included', () => {
    expect(rateLimitKey('203.0.113.7')).toBe('203.0.113.7');
    expect(rateLimitKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(rateLimitKey('203.0.113.8')).not.toBe(rateLimitKey('203.0.113.7'));
  });

  it('keys IPv6 clients by their /64, however the address is written', () => {
    const key = rateLimitKey('2001:db8:0:1::1');
    expect(key).toBe('2001:db8:0:1::/64');
    expect(rateLimitKey('2001:0db8:0000:0001:ffff:ffff:ffff:fffe')).toBe(key);
    expect(rateLimitKey('2001:DB8:0:1:abcd::42')).toBe(key);
    expect(rateLimitKey('2001:db8:0:2::1')).toBe('2001:db8:0:2::/64');
    expect(rateLimitKey('::1')).toBe('0:0:0:0::/64');
  });

  it('keeps anything else as its own key', () => {
    expect(rateLimitKey(undefined)).toBe('unknown');
    expect(rateLimitKey('not-an-ip')).toBe('not-an-ip');
  });
});
