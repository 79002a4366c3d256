import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BOOKING_SEARCH_MAX_LENGTH, BookingStatus, TEAM_NAME_MAX_LENGTH } from '@app/bookings';
import { CANCEL_REASON_MAX_LENGTH } from '@app/refunds';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../http/pagination.dto.js';
import { IsOptionalNotNull } from '../../http/optional.js';
import { IsPhone, PHONE_INPUT } from '../../http/phone.js';

export class BookingItemRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  ticketTypeId: string;

  @ApiProperty({ type: 'integer', example: 2, minimum: 1, maximum: 100, description: "1..the ticket type's maxPerBooking." })
  @IsInt()
  @Min(1)
  @Max(100)
  quantity: number;
}

export class AttendeeRequestDto {
  @ApiProperty({ example: 'Ada Lovelace', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ format: 'email', example: 'ada@example.com' })
  @IsOptionalNotNull()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '+2348012345678', maxLength: 32, description: `The attendee's phone, printed on the attendee list. ${PHONE_INPUT}` })
  @IsOptionalNotNull()
  @IsPhone()
  phone?: string;
}

export class CreateBookingRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  eventId: string;

  @ApiProperty({ type: [BookingItemRequestDto], description: 'One entry per ticket type.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => BookingItemRequestDto)
  items: BookingItemRequestDto[];

  @ApiPropertyOptional({ type: [AttendeeRequestDto], description: 'Names for the tickets, in seat order; the buyer’s name fills the rest.' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => AttendeeRequestDto)
  attendees?: AttendeeRequestDto[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Admin only: book on behalf of this user.' })
  @IsOptionalNotNull()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({
    example: 'Lagos Robotics Club',
    maxLength: TEAM_NAME_MAX_LENGTH,
    description: 'The group’s name on a team booking; trimmed. Shown in booking lists and the attendee list and CSV.',
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(TEAM_NAME_MAX_LENGTH)
  @Matches(/\S/, { message: 'teamName must not be blank' })
  teamName?: string;
}

export class ListBookingsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  eventId?: string;

  @ApiPropertyOptional({ enum: BookingStatus, enumName: 'BookingStatus' })
  @IsOptional()
  @IsEnum(BookingStatus)
  status?: BookingStatus;

  @ApiPropertyOptional({ format: 'email', description: "Staff only: the booking user's e-mail." })
  @IsOptional()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({ description: 'The team name, case-insensitively (whole name).', maxLength: TEAM_NAME_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(TEAM_NAME_MAX_LENGTH)
  teamName?: string;

  @ApiPropertyOptional({
    example: 'ada@example.com',
    maxLength: BOOKING_SEARCH_MAX_LENGTH,
    description:
      'Search, any case: part of the buyer’s e-mail or name, a payment reference (`PAY-…`), an attendee’s or ticket holder’s name or the team name; ' +
      'or the booking id (whole uuid) or a ticket code in any form the gate accepts (`tkt 20261231 7q2m9xk4`). Customers search their own bookings only.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(BOOKING_SEARCH_MAX_LENGTH)
  q?: string;
}

export class CancelBookingRequestDto {
  @ApiPropertyOptional({
    example: 'Double booking, agreed with the buyer by phone',
    maxLength: CANCEL_REASON_MAX_LENGTH,
    description: 'Required when an admin cancels a booking that was paid for; shown to the buyer and kept in the audit trail.',
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(CANCEL_REASON_MAX_LENGTH)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason?: string;
}
