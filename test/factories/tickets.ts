import jsQRImport from 'jsqr';
import { PNG } from 'pngjs';
import type { TestApp } from '../setup/test-app.js';
import { book, createEvent, CreatedEvent } from './events.js';
import type { SignedInUser } from './users.js';

/** jsqr is CommonJS with a `default` export: depending on the module interop the decoder is the import or its `default`. */
type QrDecoder = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR = ((jsQRImport as unknown as { default?: QrDecoder }).default ?? jsQRImport) as unknown as QrDecoder;

/** A ticket as `GET /tickets/{id}` answers it (the fields tests use). */
export interface TicketBody {
  id: string;
  code: string;
  qrPayload: string;
  status: string;
  holderName: string;
  userId: string;
  bookingId: string;
  eventId: string;
  ticketTypeId: string;
  ticketTypeName: string;
  seq: number;
  version: number;
  checkedInAt: string | null;
  checkedInGate: string | null;
  event: { id: string; title: string; venue: string; startsAt: string };
}

/** An event whose scan window is open now (it starts within CHECKIN_OPENS_BEFORE_MINUTES). */
export function createOpenEvent(
  t: TestApp,
  admin: SignedInUser,
  options: { capacity?: number; ticketTypes?: { name?: string; price?: number; quantity: number; reentry?: boolean }[] } = {},
) {
  return createEvent(t, admin, {
    capacity: options.capacity ?? 100,
    startsInHours: 1,
    ticketTypes: options.ticketTypes ?? [{ name: 'Free', price: 0, quantity: 100 }],
  });
}

/** Books `quantity` free seats of the event's first ticket type over HTTP and returns the booking's tickets. */
export async function bookFreeTickets(
  t: TestApp,
  buyer: SignedInUser,
  event: CreatedEvent,
  quantity = 1,
  attendees?: { name: string; email?: string }[],
): Promise<TicketBody[]> {
  const res = await book(t, buyer, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity }], attendees ? { attendees } : {}).expect(201);
  if (res.body.status !== 'confirmed') throw new Error(`expected a confirmed free booking, got ${res.body.status}`);
  const list = await t.http().get('/api/v1/tickets').query({ eventId: event.id, limit: 100 }).set(buyer.auth).expect(200);
  return (list.body.data as TicketBody[]).filter((ticket) => ticket.bookingId === res.body.id).sort((a, b) => a.seq - b.seq);
}

/** POST /check-ins; returns the raw response. */
export function scan(
  t: TestApp,
  scanner: Pick<SignedInUser, 'auth'>,
  body: { eventId: string; code: string; direction?: 'entry' | 'exit'; gate?: string; deviceId?: string; scannedAt?: string; clientScanId?: string },
) {
  return t.http().post('/api/v1/check-ins').set(scanner.auth).send(body);
}

/** POST /check-ins/verify; returns the raw response. */
export function verifyScan(t: TestApp, user: SignedInUser, body: { eventId: string; code: string; scannedAt?: string; clientScanId?: string }) {
  return t.http().post('/api/v1/check-ins/verify').set(user.auth).send(body);
}

/** Decodes a PNG holding one QR code with a real decoder (jsQR); null when none is found. */
export function decodeQrPng(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)?.data ?? null;
}
