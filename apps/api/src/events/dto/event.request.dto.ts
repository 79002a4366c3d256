import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EventStatus } from '@app/events';

import { IsEnum, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto } from '../../http/pagination.dto.js';

const ISO = { strict: true, strictSeparator: true } as const;

export class CreateEventRequestDto {
  @ApiProperty({ example: 'Afrobeats Night', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ example: 'An evening of live music.', maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiProperty({ example: 'Eko Convention Centre, Lagos', maxLength: 300 })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  venue: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-31T19:00:00.000Z', description: 'UTC; must be in the future.' })
  @IsISO8601(ISO)
  startsAt: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-31T23:30:00.000Z', description: 'UTC; after startsAt.' })
  @IsISO8601(ISO)
  endsAt: string;

  @ApiProperty({ example: 'Africa/Lagos', description: 'IANA time zone, for display.' })
  @IsString()
  @MaxLength(64)
  timezone: string;

  @ApiProperty({ example: 500, minimum: 1, maximum: 1_000_000, description: 'Seats over all ticket types.' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  capacity: number;

  @ApiProperty({ example: 'NGN', description: 'ISO 4217; prices are in its minor units.' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code in upper case' })
  currency: string;
}

export class UpdateEventRequestDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  venue?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601(ISO)
  startsAt?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601(ISO)
  endsAt?: string;

  @ApiPropertyOptional({ example: 'Africa/Lagos' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timezone?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1_000_000, description: 'May not drop below seats sold plus held (409 `capacity_below_sold`).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  capacity?: number;

  @ApiPropertyOptional({ example: 'NGN', description: 'Only while the event is a draft.' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code in upper case' })
  currency?: string;
}

export class ListEventsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: EventStatus, enumName: 'EventStatus', description: 'Staff only; the public always sees published events.' })
  @IsOptional()
  @IsEnum(EventStatus)
  status?: EventStatus;

  @ApiPropertyOptional({ format: 'date-time', description: 'Events starting at or after this instant.' })
  @IsOptional()
  @IsISO8601(ISO)
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Events starting before this instant.' })
  @IsOptional()
  @IsISO8601(ISO)
  to?: string;

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

  @ApiProperty({ example: 150000, minimum: 0, description: "Minor units of the event's currency (150000 = 1,500.00 NGN)." })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000_000)
  price: number;

  @ApiProperty({ example: 300, minimum: 0, maximum: 1_000_000 })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  quantity: number;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String })
  @IsOptional()
  @IsISO8601(ISO)
  salesStartAt?: string | null;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String })
  @IsOptional()
  @IsISO8601(ISO)
  salesEndAt?: string | null;

  @ApiPropertyOptional({ example: 10, minimum: 1, maximum: 100, default: 10 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  maxPerBooking?: number;
}

export class UpdateTicketTypeRequestDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ minimum: 0, description: 'Minor units; applies to bookings made after the change.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000_000)
  price?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1_000_000, description: 'May not drop below sold plus held (409 `capacity_below_sold`).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  quantity?: number;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String, description: 'null removes the bound.' })
  @IsOptional()
  @IsISO8601(ISO)
  salesStartAt?: string | null;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String, description: 'null removes the bound.' })
  @IsOptional()
  @IsISO8601(ISO)
  salesEndAt?: string | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 100 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  maxPerBooking?: number;
}

/** `undefined` stays undefined (no change), null stays null (clear), a string becomes a Date. */
export function optionalDate(value: string | null | undefined): Date | null | undefined {
  return value === undefined || value === null ? value : new Date(value);
}

