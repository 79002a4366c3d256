import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EventAttendee, EventAttendeeFilter, TicketStatus } from '@app/tickets';
import { IsEnum, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../http/pagination.dto.js';
import { iso } from '../../http/iso.js';

export class ListAttendeesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TicketStatus, enumName: 'TicketStatus', description: 'Default: the current tickets, `valid` and `checked_in`.' })
  @IsOptional()
  @IsEnum(TicketStatus)
  status?: TicketStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  ticketTypeId?: string;

  @ApiPropertyOptional({ description: 'The booking’s team name, case-insensitively (whole name).', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  teamName?: string;

  @ApiPropertyOptional({ description: 'Case-insensitive substring of the holder name, holder e-mail, buyer e-mail, team name or ticket code.', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({
    enum: ['json', 'csv'],
    description: 'Overrides the `Accept` header. `csv` streams every matching attendee (no paging; `limit` and `cursor` are ignored).',
  })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';

  toFilter(): EventAttendeeFilter {
    return { status: this.status, ticketTypeId: this.ticketTypeId, teamName: this.teamName, q: this.q };
  }
}

export class EventAttendeeResponseDto {
  @ApiProperty({ format: 'uuid' })
  ticketId: string;

  @ApiProperty({ example: 'TKT-20261231-7K3QX9MZ' })
  code: string;

  @ApiProperty({ enum: TicketStatus, enumName: 'TicketStatus' })
  status: TicketStatus;

  @ApiProperty({ example: 'Ada Lovelace' })
  holderName: string;

  @ApiProperty({
    format: 'email',
    example: 'ada@example.com',
    nullable: true,
    type: String,
    description: 'The attendee e-mail given at booking or transfer, if any.',
  })
  holderEmail: string | null;

  @ApiProperty({ example: '+2348012345678', nullable: true, type: String, description: 'The attendee phone given at booking (E.164), if any.' })
  holderPhone: string | null;

  @ApiProperty({ format: 'uuid' })
  ticketTypeId: string;

  @ApiProperty({ example: 'VIP' })
  ticketTypeName: string;

  @ApiProperty({ format: 'uuid' })
  bookingId: string;

  @ApiProperty({ example: 'Charles Babbage', description: 'The account that bought the booking.' })
  buyerName: string;

  @ApiProperty({ format: 'email', example: 'charles@example.com' })
  buyerEmail: string;

  @ApiProperty({ example: '+2348012345679', nullable: true, type: String, description: "The buyer account's phone (E.164), if any." })
  buyerPhone: string | null;

  @ApiProperty({ example: 'Lagos Robotics Club', nullable: true, type: String, description: 'The booking’s team name, if any.' })
  teamName: string | null;

  @ApiProperty({ format: 'date-time' })
  issuedAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  checkedInAt: string | null;

  @ApiProperty({ example: 'north-gate', nullable: true, type: String })
  checkedInGate: string | null;

  static from(a: EventAttendee): EventAttendeeResponseDto {
    return {
      ticketId: a.ticketId,
      code: a.code,
      status: a.status,
      holderName: a.holderName,
      holderEmail: a.holderEmail,
      holderPhone: a.holderPhone,
      ticketTypeId: a.ticketTypeId,
      ticketTypeName: a.ticketTypeName,
      bookingId: a.bookingId,
      buyerName: a.buyerName,
      buyerEmail: a.buyerEmail,
      buyerPhone: a.buyerPhone,
      teamName: a.teamName,
      issuedAt: a.issuedAt.toISOString(),
      checkedInAt: iso(a.checkedInAt),
      checkedInGate: a.checkedInGate,
    };
  }
}
