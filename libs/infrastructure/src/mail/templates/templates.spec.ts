import { EMAIL_TEMPLATES, EmailTemplate, EmailTemplateData } from '@app/shared';
import { formatDateTime, formatMoney } from './format.js';
import { isEmailTemplate, renderEmail, renderSubject } from './index.js';

const HOSTILE = `<img src=x onerror="alert('x')">&`;
const context = { messageId: '0193b8c2-7d1e-7c4a-9f1e-2b3c4d5e6f70', createdAt: new Date('2026-11-21T10:00:00Z') };
const startsAt = new Date('2026-12-31T19:00:00Z');

/** Data for every template, with a hostile string in every free-text field a person could type. */
const SAMPLES: { [T in EmailTemplate]: EmailTemplateData[T] } = {
  'booking-confirmed': {
    recipientName: HOSTILE,
    bookingId: 'b-1',
    event: { id: 'e-1', title: HOSTILE, venue: HOSTILE, startsAt, endsAt: new Date('2027-01-01T01:30:00Z'), timezone: 'Africa/Lagos' },
    tickets: [{ ticketId: 't-1', code: 'TKT-20261231-ABCD2345', qrPayload: 'payload-1', holderName: HOSTILE, ticketTypeName: HOSTILE }],
    totalAmount: 150000,
    currency: 'NGN',
  },
  'payment-rejected': { recipientName: HOSTILE, bookingId: 'b-1', eventTitle: HOSTILE, reason: HOSTILE, payableUntil: new Date('2026-11-21T10:15:00Z') },
  'payment-refunded-after-expiry': { recipientName: HOSTILE, bookingId: 'b-1', eventTitle: HOSTILE, amount: 150000, currency: 'NGN' },
  'refund-requested': { recipientName: HOSTILE, refundId: 'r-1', bookingId: 'b-1', eventTitle: HOSTILE, amount: 150000, currency: 'NGN', reason: HOSTILE },
  'refund-approved': { recipientName: HOSTILE, refundId: 'r-1', bookingId: 'b-1', eventTitle: HOSTILE, amount: 150000, currency: 'NGN' },
  'refund-completed': { recipientName: HOSTILE, refundId: 'r-1', bookingId: 'b-1', eventTitle: HOSTILE, amount: 150000, currency: 'NGN' },
  'refund-rejected': { recipientName: HOSTILE, refundId: 'r-1', bookingId: 'b-1', eventTitle: HOSTILE, amount: 150000, currency: 'NGN', reason: HOSTILE },
  'refund-failed': { recipientName: HOSTILE, refundId: 'r-1', bookingId: 'b-1', eventTitle: HOSTILE, amount: 150000, currency: 'NGN', reason: HOSTILE },
  'transfer-offered': {
    recipientEmail: 'friend@example.com',
    senderName: HOSTILE,
    eventTitle: HOSTILE,
    ticketTypeName: HOSTILE,
    message: HOSTILE,
    transferId: 'tr-1',
    expiresAt: new Date('2026-11-24T10:00:00Z'),
    acceptUrl: 'javascript:alert(1)',
  },
  'transfer-accepted': { senderName: HOSTILE, recipientName: HOSTILE, eventTitle: HOSTILE, ticketTypeName: HOSTILE },
  'event-cancelled': { recipientName: HOSTILE, eventTitle: HOSTILE, startsAt, timezone: 'Africa/Lagos', refundAmount: 150000, currency: 'NGN' },
  'booking-cancelled': {
    recipientName: HOSTILE,
    eventTitle: HOSTILE,
    startsAt,
    timezone: 'Africa/Lagos',
    bookingId: 'b-1',
    reason: HOSTILE,
    refundAmount: 300000,
    currency: 'NGN',
    keptTickets: 1,
  },
  'verify-email': { recipientName: HOSTILE, token: 'eyJ.token.sig', expiresAt: new Date('2026-11-23T10:00:00Z'), verifyUrl: 'javascript:alert(1)' },
  'password-reset': { recipientName: HOSTILE, token: 'eyJ.reset.sig', expiresAt: new Date('2026-11-23T10:00:00Z'), claim: true },
};

/** What JSON storage turns the data into: Dates become ISO strings. */
const stored = <T>(data: T): T => JSON.parse(JSON.stringify(data)) as T;

describe('e-mail templates', () => {
  it('exist for every template name, and nothing else is a template', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...EMAIL_TEMPLATES].sort());
    expect(isEmailTemplate('booking-confirmed')).toBe(true);
    expect(isEmailTemplate('newsletter')).toBe(false);
  });

  describe.each(EMAIL_TEMPLATES)('%s', (template) => {
    it('renders a one-line subject, a complete HTML document and a text part, escaping every value in the HTML', async () => {
      const email = await renderEmail(template, SAMPLES[template] as never, context);
      expect(email.subject).not.toMatch(/[\r\n]/);
      expect(email.subject.length).toBeGreaterThan(5);
      expect(email.html).toMatch(/^<!DOCTYPE html>/);
      expect(email.html).toContain('</html>');
      expect(email.html).not.toContain('<img src=x');
      expect(email.html).not.toContain(`onerror="alert`);
      expect(email.html).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#39;)/); // every & is an entity
      expect(email.html).not.toContain('javascript:');
      expect(email.text).toContain(HOSTILE); // the text part is plain: values as typed
      expect(email.text).not.toMatch(/<[a-z]+ style=/);
    });

    it('renders stored data (dates as ISO strings) exactly like fresh data', async () => {
      const fresh = await renderEmail(template, SAMPLES[template] as never, context);
      const fromJson = await renderEmail(template, stored(SAMPLES[template]) as never, context);
      expect({ ...fromJson, attachments: fromJson.attachments.length }).toEqual({ ...fresh, attachments: fresh.attachments.length });
      expect(renderSubject(template, stored(SAMPLES[template]) as never)).toBe(fresh.subject);
    });
  });

  it('booking-confirmed shows codes, amounts and local times, with one inline QR image per ticket and event.ics', async () => {
    const data = { ...SAMPLES['booking-confirmed'], event: { ...SAMPLES['booking-confirmed'].event, title: 'Jazz Night' } };
    const email = await renderEmail('booking-confirmed', data, context);
    expect(email.subject).toBe('Your tickets for Jazz Night');
    expect(email.text).toContain('TKT-20261231-ABCD2345');
    expect(email.text).toContain('NGN 1,500.00');
    expect(email.text).toContain('Thursday, 31 December 2026, 20:00 GMT+1'); // 19:00 UTC in Lagos
    expect(email.html).toContain('<img src="cid:qr-t-1"');
    expect(email.attachments.map((a) => [a.filename, a.contentType, a.cid])).toEqual([
      ['qr-t-1.png', 'image/png', 'qr-t-1'],
      ['event.ics', 'text/calendar; charset=utf-8; method=PUBLISH', undefined],
    ]);
    const png = email.attachments[0]!.content as Buffer;
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(String(email.attachments[1]!.content)).toContain('DTSTAMP:20261121T100000Z');
  });

  it('transfer-offered links only to an http(s) accept URL, and shows the note as text', async () => {
    const withLink = await renderEmail('transfer-offered', { ...SAMPLES['transfer-offered'], acceptUrl: 'https://tickets.example.com/t/tr-1' }, context);
    expect(withLink.html).toContain('href="https://tickets.example.com/t/tr-1"');
    expect(withLink.text).toContain('Accept: https://tickets.example.com/t/tr-1');
    const withoutLink = await renderEmail('transfer-offered', SAMPLES['transfer-offered'], context);
    expect(withoutLink.html).not.toContain('href=');
    expect(withoutLink.html).toContain('&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;');
  });

  it("transfer-offered frames the sender's note as another user's words, in both parts", async () => {
    const email = await renderEmail(
      'transfer-offered',
      { ...SAMPLES['transfer-offered'], message: 'Your account is locked.\nPay here: http://evil.example' },
      context,
    );
    const frame = /A message written by .+, another user \(not from the organiser; we do not check it, and we never ask for passwords or payments by e-mail\):/;
    expect(email.html).toMatch(frame);
    expect(email.text).toMatch(frame);
    // Quoted line by line in the text part, so the note cannot pass for the e-mail's own words.
    expect(email.text).toContain('> Your account is locked.\n> Pay here: http://evil.example');
    expect(email.html).not.toContain('href="http://evil.example');
  });

  it('event-cancelled mentions the refund only when there is one', async () => {
    const refunded = await renderEmail('event-cancelled', SAMPLES['event-cancelled'], context);
    expect(refunded.text).toContain('Refund: NGN 1,500.00');
    const { refundAmount: _a, currency: _c, ...free } = SAMPLES['event-cancelled'];
    const notRefunded = await renderEmail('event-cancelled', free, context);
    expect(notRefunded.text).not.toContain('Refund');
  });

  it('caps long subjects at 200 characters on one line', () => {
    const subject = renderSubject('refund-approved', { ...SAMPLES['refund-approved'], eventTitle: `Line\r\nbreak ${'x'.repeat(300)}` });
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject.length).toBe(200);
    expect(subject.startsWith('Your refund for Line break x')).toBe(true);
  });
});

describe('display formats', () => {
  it('formats minor units with the currency’s own number of decimals (ISO 4217)', () => {
    expect(formatMoney(150000, 'NGN')).toBe('NGN 1,500.00');
    expect(formatMoney(5000, 'JPY')).toBe('JPY 5,000');
    expect(formatMoney(1234, 'KWD')).toBe('KWD 1.234');
    expect(formatMoney(0, 'USD')).toBe('USD 0.00');
    expect(formatMoney(100, 'NOTACODE')).toBe('100 NOTACODE (minor units)');
  });

  it('formats instants in the event’s time zone, falling back to UTC for an unknown zone', () => {
    expect(formatDateTime(startsAt, 'Africa/Lagos')).toBe('Thursday, 31 December 2026, 20:00 GMT+1');
    expect(formatDateTime('2026-12-31T19:00:00.000Z', 'America/New_York')).toBe('Thursday, 31 December 2026, 14:00 GMT-5');
    expect(formatDateTime(startsAt, 'Mars/Olympus_Mons')).toBe('Thursday, 31 December 2026, 19:00 UTC');
  });
});
