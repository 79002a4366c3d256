import { ApiProperty, PickType } from '@nestjs/swagger';
import { TicketLookup, TicketStatus, TicketView } from '@app/tickets';
import { EventResponseDto } from '../../events/dto/event.response.dto.js';
import { iso } from '../../http/iso.js';

/** The event as a ticket shows it: the event's own fields, and its stored status. */
export class TicketEventSummaryDto extends PickType(EventResponseDto, ['id', 'title', 'venue', 'startsAt', 'endsAt', 'timezone'] as const) {
  @ApiProperty({ example: 'published', description: 'The stored event status.' })
  status: string;
}

export class TicketResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({
    example: 'TKT-20261231-7K3QX9MZ',
    description: 'Human code for manual entry at the gate: the event date (its time zone) and 8 characters of Crockford base32.',
  })
  code: string;

  @ApiProperty({
    example:
      'T2.AGJ3RQT5DZ6EVHY6FM6E2XTPOAAZHOGCAAAHAAEAAAAAAAAAAAAQAAAAAGTTNM3BMDEEBAQ.TKT-20261231-7K3QX9MZ.BWAXEW6SOXIXVJ3XKVCPVKZY4AAJZRT2JIZAXUHF6QY7HJQU6NS45ENZBBVFNYAMDSZUCJR2LKR2ROZL4DM7GVTOT77XFLLAGRF56BA',
    description:
      'Signed Ed25519 token for the QR code (format `T2`: claims, the human code and the signature; see the README); verifiable offline with `GET /events/{id}/check-in-keys`.',
  })
  qrPayload: string;

  @ApiProperty({ enum: TicketStatus, enumName: 'TicketStatus' })
  status: TicketStatus;

  @ApiProperty({ example: 'Ada Lovelace' })
  holderName: string;

  @ApiProperty({
    format: 'email',
    example: 'ada@example.com',
    nullable: true,
    type: String,
    description: 'The attendee e-mail given at booking, if any; for a ticket issued by an accepted transfer, the recipient’s e-mail.',
  })
  holderEmail: string | null;

  @ApiProperty({ format: 'uuid', description: 'The current holder.' })
  userId: string;

  @ApiProperty({ format: 'uuid' })
  bookingId: string;

  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiProperty({ format: 'uuid' })
  ticketTypeId: string;

  @ApiProperty({ example: 'Regular' })
  ticketTypeName: string;

  @ApiProperty({ type: 'integer', minimum: 1, example: 1, description: 'Seat number within the booking, 1-based.' })
  seq: number;

  @ApiProperty({ type: 'integer', minimum: 1, example: 1, description: 'Payload version; a reissued (transferred) ticket has the next one.' })
  version: number;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  checkedInAt: string | null;

  @ApiProperty({ example: 'North gate', nullable: true, type: String })
  checkedInGate: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The ticket this one replaced (transfer).' })
  replacesTicketId: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The ticket that replaced this one.' })
  replacedByTicketId: string | null;

  @ApiProperty({ format: 'date-time' })
  issuedAt: string;

  @ApiProperty({ type: TicketEventSummaryDto })
  event: TicketEventSummaryDto;

  static from(t: TicketView): TicketResponseDto {
    return Object.assign(new TicketResponseDto(), {
      id: t.id,
      code: t.code,
      qrPayload: t.qrPayload,
      status: t.status,
      holderName: t.holderName,
      holderEmail: t.holderEmail,
      userId: t.userId,
      bookingId: t.bookingId,
      eventId: t.eventId,
      ticketTypeId: t.ticketTypeId,
      ticketTypeName: t.ticketTypeName,
      seq: t.seq,
      version: t.version,
      checkedInAt: iso(t.checkedInAt),
      checkedInGate: t.checkedInGate,
      replacesTicketId: t.replacesTicketId,
      replacedByTicketId: t.replacedByTicketId,
      issuedAt: t.issuedAt.toISOString(),
      event: {
        id: t.event.id,
        title: t.event.title,
        venue: t.event.venue,
        startsAt: t.event.startsAt.toISOString(),
        endsAt: t.event.endsAt.toISOString(),
        timezone: t.event.timezone,
        status: t.event.status,
      },
    });
  }
}

/** The event as a public ticket lookup shows it. */
export class TicketLookupEventDto extends PickType(EventResponseDto, ['title', 'venue', 'startsAt'] as const) {}

/** What a ticket code reveals to anyone: state, type and event; no name, e-mail or payload. */
export class TicketLookupResponseDto {
  @ApiProperty({ example: 'TKT-20261231-7K3QX9MZ', description: 'The canonical code.' })
  code: string;

  @ApiProperty({ enum: TicketStatus, enumName: 'TicketStatus' })
  status: TicketStatus;

  @ApiProperty({ example: 'Regular' })
  ticketTypeName: string;

  @ApiProperty({ type: TicketLookupEventDto })
  event: TicketLookupEventDto;

  static from(t: TicketLookup): TicketLookupResponseDto {
    return {
      code: t.code,
      status: t.status,
      ticketTypeName: t.ticketTypeName,
      event: { title: t.event.title, venue: t.event.venue, startsAt: t.event.startsAt.toISOString() },
    };
  }
}
