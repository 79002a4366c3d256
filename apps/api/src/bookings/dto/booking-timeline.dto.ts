import { ApiProperty } from '@nestjs/swagger';
import { TIMELINE_KINDS } from '@app/bookings';
import type { TimelineEntry, TimelineKind } from '@app/bookings';
import type { TicketsResent } from '@app/tickets';

export class TimelineEntryDto {
  @ApiProperty({ format: 'date-time', description: 'When it happened (UTC).' })
  at: string;

  @ApiProperty({
    enum: TIMELINE_KINDS,
    enumName: 'TimelineKind',
    description:
      'What happened: the booking’s own steps (`booking.*`), payments (`payment.*`), tickets issued, scans (`check_in.accepted`, `check_in.refused`), ' +
      'refunds (`refund.*`), transfers of its tickets (`transfer.*`), the buyer’s e-mails about it (`email.queued`, `email.sent`, `email.failed`) and audit entries about it (`audit`).',
  })
  kind: TimelineKind;

  @ApiProperty({ example: 'Payment PAY-7Q2M9XK4B1HZ3T0RW8NC succeeded (approved by staff)' })
  summary: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Who did it, when known (buyer, reviewer, scanner, refund decider, audit actor).' })
  actorId: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { paymentId: '0193a0c4-7b1e-7c55-9f00-2f4c1d9e8a10', provider: 'manual', reference: 'PAY-7Q2M9XK4B1HZ3T0RW8NC', amount: 250000, currency: 'NGN' },
    description: 'The stored facts behind the entry (ids, amounts in minor units, statuses, gate, ticket codes); never QR payloads.',
  })
  details: Record<string, unknown>;

  static from(e: TimelineEntry): TimelineEntryDto {
    return Object.assign(new TimelineEntryDto(), { at: e.at.toISOString(), kind: e.kind, summary: e.summary, actorId: e.actorId, details: e.details });
  }
}

export class BookingTimelineResponseDto {
  @ApiProperty({ format: 'uuid' })
  bookingId: string;

  @ApiProperty({
    type: [TimelineEntryDto],
    description: 'Oldest first; entries of one instant in causal order (paid, confirmed, tickets issued, e-mail queued).',
  })
  entries: TimelineEntryDto[];
}

export class TicketsResentResponseDto {
  @ApiProperty({ format: 'uuid' })
  bookingId: string;

  @ApiProperty({ format: 'email', example: 'ada@example.com', description: 'The buyer’s address the e-mail is queued to.' })
  to: string;

  @ApiProperty({ type: [String], format: 'uuid', description: 'The tickets in the e-mail: the buyer’s current valid ones, in seat order.' })
  ticketIds: string[];

  static from(r: TicketsResent): TicketsResentResponseDto {
    return Object.assign(new TicketsResentResponseDto(), { bookingId: r.bookingId, to: r.to, ticketIds: r.ticketIds });
  }
}
