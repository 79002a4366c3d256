import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DEFAULT_MAX_PER_BUYER, EventStatus, MAX_PER_BUYER_LIMIT } from '@app/events';

import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { DATE_TIME_INPUT, IsDateTime } from '../../http/date-time.js';
import { IsOptionalNotNull } from '../../http/optional.js';
import { PageQueryDto } from '../../http/pagination.dto.js';

const MAX_PER_BUYER_DOC =
  'Seats one user may hold or have bought for this event across all their bookings (`409 buyer_limit_reached` beyond). Box-office sales and admins booking for a user are not limited.';

export class CreateEventRequestDto {
  @ApiProperty({ example: 'Afrobeats Night', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ example: 'An evening of live music.', maxLength: 5000 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiProperty({ example: 'Eko Convention Centre, Lagos', maxLength: 300 })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  venue: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-31T19:00:00.000Z', description: `Must be in the future. ${DATE_TIME_INPUT}` })
  @IsDateTime()
  startsAt: Date;

  @ApiProperty({ format: 'date-time', example: '2026-12-31T23:30:00.000Z', description: `After startsAt. ${DATE_TIME_INPUT}` })
  @IsDateTime()
  endsAt: Date;

  @ApiProperty({ example: 'Africa/Lagos', description: 'IANA time zone, for display.' })
  @IsString()
  @MaxLength(64)
  timezone: string;

  @ApiProperty({ type: 'integer', example: 500, minimum: 1, maximum: 1_000_000, description: 'Seats over all ticket types.' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  capacity: number;

  @ApiPropertyOptional({
    type: 'integer',
    example: 10,
    minimum: 1,
    maximum: MAX_PER_BUYER_LIMIT,
    default: DEFAULT_MAX_PER_BUYER,
    description: MAX_PER_BUYER_DOC,
  })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(MAX_PER_BUYER_LIMIT)
  maxPerBuyer?: number;

  @ApiProperty({ example: 'NGN', description: 'ISO 4217; prices are in its minor units.' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code in upper case' })
  currency: string;
}

export class UpdateEventRequestDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  venue?: string;

  @ApiPropertyOptional({ format: 'date-time', description: DATE_TIME_INPUT })
  @IsOptionalNotNull()
  @IsDateTime()
  startsAt?: Date;

  @ApiPropertyOptional({ format: 'date-time', description: DATE_TIME_INPUT })
  @IsOptionalNotNull()
  @IsDateTime()
  endsAt?: Date;

  @ApiPropertyOptional({ example: 'Africa/Lagos' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(64)
  timezone?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1_000_000, description: 'May not drop below seats sold plus held (409 `capacity_below_sold`).' })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  capacity?: number;

  @ApiPropertyOptional({
    type: 'integer',
    example: 10,
    minimum: 1,
    maximum: MAX_PER_BUYER_LIMIT,
    description: `${MAX_PER_BUYER_DOC} Lowering it never takes seats from anyone; it only stops further bookings.`,
  })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(MAX_PER_BUYER_LIMIT)
  maxPerBuyer?: number;

  @ApiPropertyOptional({ example: 'NGN', description: 'Only while the event is a draft.' })
  @IsOptionalNotNull()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code in upper case' })
  currency?: string;
}

export class ListEventsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: EventStatus, enumName: 'EventStatus', description: 'Staff only; the public always sees published events.' })
  @IsOptional()
  @IsEnum(EventStatus)
  status?: EventStatus;

  @ApiPropertyOptional({ format: 'date-time', description: `Events starting at or after this instant. ${DATE_TIME_INPUT}` })
  @IsOptional()
  @IsDateTime()
  from?: Date;

  @ApiPropertyOptional({ format: 'date-time', description: `Events starting before this instant. ${DATE_TIME_INPUT}` })
  @IsOptional()
  @IsDateTime()
  to?: Date;

  @ApiPropertyOptional({ description: 'Part of the title or venue.', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class CreateTicketTypeRequestDto {
  @ApiProperty({ example: 'Regular', maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ type: 'integer', example: 150000, minimum: 0, description: "Minor units of the event's currency (150000 = 1,500.00 NGN)." })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000_000)
  price: number;

  @ApiProperty({ type: 'integer', example: 300, minimum: 0, maximum: 1_000_000 })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  quantity: number;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String, description: DATE_TIME_INPUT })
  @IsOptional()
  @IsDateTime()
  salesStartAt?: Date | null;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String, description: DATE_TIME_INPUT })
  @IsOptional()
  @IsDateTime()
  salesEndAt?: Date | null;

  @ApiPropertyOptional({ type: 'integer', example: 10, minimum: 1, maximum: 100, default: 10 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(100)
  maxPerBooking?: number;

  @ApiPropertyOptional({ default: false, description: 'A ticket of this type may enter again after an exit scan (re-entry).' })
  @IsOptionalNotNull()
  @IsBoolean()
  reentry?: boolean;
}

export class UpdateTicketTypeRequestDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'Minor units; applies to bookings made after the change.' })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000_000)
  price?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 1_000_000, description: 'May not drop below sold plus held (409 `capacity_below_sold`).' })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  quantity?: number;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String, description: `null removes the bound. ${DATE_TIME_INPUT}` })
  @IsOptional()
  @IsDateTime()
  salesStartAt?: Date | null;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String, description: `null removes the bound. ${DATE_TIME_INPUT}` })
  @IsOptional()
  @IsDateTime()
  salesEndAt?: Date | null;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(100)
  maxPerBooking?: number;

  @ApiPropertyOptional({ description: 'A ticket of this type may enter again after an exit scan (re-entry); left out, unchanged.' })
  @IsOptionalNotNull()
  @IsBoolean()
  reentry?: boolean;
}
