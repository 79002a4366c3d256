import { ApiProperty, OmitType } from '@nestjs/swagger';
import { TransferDetails, TransferStatus } from '@app/transfers';
import { iso } from '../../http/iso.js';
import { TicketEventSummaryDto } from '../../tickets/dto/ticket.response.dto.js';

/** The event as a transfer shows it: a ticket's event summary without its status. */
export class TransferEventSummaryDto extends OmitType(TicketEventSummaryDto, ['status'] as const) {}

export class TransferResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid', description: 'The offered ticket; once accepted it is `transferred` (void).' })
  ticketId: string;

  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiProperty({ format: 'uuid', description: 'The sender (the ticket’s holder when offered).' })
  fromUserId: string;

  @ApiProperty({ example: 'Ada Lovelace', description: 'The sender’s name.' })
  fromName: string;

  @ApiProperty({ format: 'email', example: 'grace@example.com', description: 'The recipient’s address, lower-cased.' })
  toEmail: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The recipient’s account, once they accepted or rejected.' })
  toUserId: string | null;

  @ApiProperty({ example: 'Enjoy the show!', nullable: true, type: String })
  message: string | null;

  @ApiProperty({
    enum: TransferStatus,
    enumName: 'TransferStatus',
    example: TransferStatus.Pending,
    description: '`pending -> accepted | rejected | cancelled | expired`; a pending offer past `expiresAt` reads `expired`.',
  })
  status: TransferStatus;

  @ApiProperty({
    format: 'date-time',
    example: '2026-12-24T19:00:00.000Z',
    description: 'The offer lapses at this instant (UTC): `TRANSFER_EXPIRY_HOURS` after the offer, never after the event ends.',
  })
  expiresAt: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The recipient’s new ticket (new code and QR payload), once accepted.' })
  newTicketId: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it was accepted, rejected, cancelled or expired.' })
  decidedAt: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Who accepted, rejected or cancelled it (null for expiry).' })
  decidedBy: string | null;

  @ApiProperty({ example: 'Regular' })
  ticketTypeName: string;

  @ApiProperty({ type: TransferEventSummaryDto })
  event: TransferEventSummaryDto;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  static from(t: TransferDetails): TransferResponseDto {
    return Object.assign(new TransferResponseDto(), {
      id: t.id,
      ticketId: t.ticketId,
      eventId: t.eventId,
      fromUserId: t.fromUserId,
      fromName: t.fromName,
      toEmail: t.toEmail,
      toUserId: t.toUserId,
      message: t.message,
      status: t.status,
      expiresAt: t.expiresAt.toISOString(),
      newTicketId: t.newTicketId,
      decidedAt: iso(t.decidedAt),
      decidedBy: t.decidedBy,
      ticketTypeName: t.ticketTypeName,
      event: {
        id: t.event.id,
        title: t.event.title,
        venue: t.event.venue,
        startsAt: t.event.startsAt.toISOString(),
        endsAt: t.event.endsAt.toISOString(),
        timezone: t.event.timezone,
      },
      createdAt: t.createdAt.toISOString(),
    });
  }
}
