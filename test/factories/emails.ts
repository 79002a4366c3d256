import { randomBytes, randomUUID } from 'node:crypto';
import { EmailLog, EmailOutbox, EmailRecord, EmailTemplateData, OutgoingEmail, TransactionRunner } from '@app/shared';
import { uniqueEmail } from './users.js';
import type { TestApp } from '../setup/test-app.js';

export type BookingConfirmedEmail = Extract<OutgoingEmail, { template: 'booking-confirmed' }>;

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';

/** A human ticket code like the tickets lib issues: `TKT-YYYYMMDD-XXXXXXXX`. */
export function ticketCode(startsAt: Date): string {
  const day = startsAt.toISOString().slice(0, 10).replace(/-/g, '');
  const suffix = [...randomBytes(8)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
  return `TKT-${day}-${suffix}`;
}

/** A ticket for a booking-confirmed e-mail; `qrPayload` looks like a signed token (opaque, long). */
export function emailTicket(startsAt: Date, overrides: Partial<EmailTemplateData['booking-confirmed']['tickets'][number]> = {}) {
  return {
    ticketId: randomUUID(),
    code: ticketCode(startsAt),
    qrPayload: `tkt1.${randomBytes(48).toString('base64url')}.${randomBytes(64).toString('base64url')}`,
    holderName: 'Ada Lovelace',
    ticketTypeName: 'General admission',
    ...overrides,
  };
}

/**
 * A `booking-confirmed` message for a booking of `ticketCount` tickets to an evening event in
 * Lagos (UTC+1) 30 days from now: what the bookings lib will enqueue when a booking is confirmed.
 */
export function bookingConfirmedEmail(overrides: { to?: string; ticketCount?: number; title?: string; dedupeKey?: string } = {}): BookingConfirmedEmail {
  const startsAt = new Date(Date.UTC(2026, 11, 31, 19, 0, 0));
  const endsAt = new Date(Date.UTC(2027, 0, 1, 1, 30, 0));
  const bookingId = randomUUID();
  const tickets = Array.from({ length: overrides.ticketCount ?? 2 }, (_, i) => emailTicket(startsAt, { holderName: i === 0 ? 'Ada Lovelace' : `Guest ${i}` }));
  return {
    to: overrides.to ?? uniqueEmail('buyer'),
    template: 'booking-confirmed',
    dedupeKey: overrides.dedupeKey,
    data: {
      recipientName: 'Ada Lovelace',
      bookingId,
      event: {
        id: randomUUID(),
        title: overrides.title ?? 'Lagos Jazz & Highlife Night',
        venue: 'Muson Centre, Onikan, Lagos',
        startsAt,
        endsAt,
        timezone: 'Africa/Lagos',
      },
      tickets,
      totalAmount: 1_500_000 * tickets.length,
      currency: 'NGN',
    },
  };
}

/** A short refund update, the cheapest message to render (for volume tests). */
export function refundEmail(overrides: { to?: string; template?: 'refund-requested' | 'refund-approved' | 'refund-rejected' } = {}): OutgoingEmail {
  return {
    to: overrides.to ?? uniqueEmail('refund'),
    template: overrides.template ?? 'refund-approved',
    data: { recipientName: 'Ada', refundId: randomUUID(), bookingId: randomUUID(), eventTitle: 'Lagos Jazz Night', amount: 150_000, currency: 'NGN' },
  };
}

/** Enqueues messages in one transaction (as a use case would) and returns them. */
export async function enqueueEmails<T extends OutgoingEmail>(t: TestApp, ...messages: T[]): Promise<T[]> {
  const outbox = t.app.get(EmailOutbox);
  await t.app.get(TransactionRunner).run(async () => {
    for (const message of messages) await outbox.enqueue(message);
  });
  return messages;
}

/** The outgoing log's records for one recipient, newest first (through the EmailLog port). */
export async function messagesTo(t: TestApp, to: string): Promise<EmailRecord[]> {
  return (await t.app.get(EmailLog).list({ to }, { limit: 100 })).data;
}
