import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TEAM_NAME_MAX_LENGTH } from '@app/bookings';
import { BOX_OFFICE_METHODS, BOX_OFFICE_NOTE_MAX_LENGTH } from '@app/payments';
import type { BoxOfficeMethod } from '@app/payments';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsIn, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { AttendeeRequestDto, BookingItemRequestDto } from '../../bookings/dto/booking.request.dto.js';
import { IsOptionalNotNull } from '../../http/optional.js';
import { IsPhone, PHONE_INPUT } from '../../http/phone.js';

export class BoxOfficeBuyerRequestDto {
  @ApiProperty({ example: 'Ada Lovelace', maxLength: 200, description: 'The name on a new account (an existing account keeps its own), and on tickets without an attendee.' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @ApiProperty({
    format: 'email',
    example: 'ada@example.com',
    maxLength: 254,
    description: 'The account the booking belongs to: the existing one with this e-mail, else a new customer account without a password (claimed by a password reset). The tickets are e-mailed here.',
  })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ example: '+2348012345678', maxLength: 32, description: `Kept on a new account. ${PHONE_INPUT}` })
  @IsOptionalNotNull()
  @IsPhone()
  phone?: string;
}

export class BoxOfficeSaleRequestDto {
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

  @ApiProperty({ type: BoxOfficeBuyerRequestDto })
  @ValidateNested()
  @Type(() => BoxOfficeBuyerRequestDto)
  buyer: BoxOfficeBuyerRequestDto;

  @ApiPropertyOptional({ type: [AttendeeRequestDto], description: 'Names for the tickets, in seat order; the buyer’s account name fills the rest.' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => AttendeeRequestDto)
  attendees?: AttendeeRequestDto[];

  @ApiProperty({
    enum: BOX_OFFICE_METHODS,
    example: 'cash',
    description: '`cash` or `card_terminal`: paid in person, recorded as a succeeded manual payment; `comp`: complimentary, free whatever the price (a `note` is required).',
  })
  @IsIn(BOX_OFFICE_METHODS)
  method: BoxOfficeMethod;

  @ApiPropertyOptional({ example: 'Guest of the headliner', maxLength: BOX_OFFICE_NOTE_MAX_LENGTH, description: 'Kept in the audit trail; required for `comp`.' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(BOX_OFFICE_NOTE_MAX_LENGTH)
  note?: string;

  @ApiPropertyOptional({ example: 'Lagos Robotics Club', maxLength: TEAM_NAME_MAX_LENGTH, description: 'The group’s name on a team booking; trimmed.' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(TEAM_NAME_MAX_LENGTH)
  @Matches(/\S/, { message: 'teamName must not be blank' })
  teamName?: string;
}
