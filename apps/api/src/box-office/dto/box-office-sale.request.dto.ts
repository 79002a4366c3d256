import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { BOX_OFFICE_METHODS, BOX_OFFICE_NOTE_MAX_LENGTH } from '@app/payments';
import type { BoxOfficeMethod } from '@app/payments';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { CreateBookingRequestDto } from '../../bookings/dto/booking.request.dto.js';
import { IsOptionalNotNull } from '../../http/optional.js';
import { IsPhone, PHONE_INPUT } from '../../http/phone.js';

export class BoxOfficeBuyerRequestDto {
  @ApiProperty({
    example: 'Ada Lovelace',
    maxLength: 200,
    description: 'The name on a new account (an existing account keeps its own), and on tickets without an attendee.',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @ApiProperty({
    format: 'email',
    example: 'ada@example.com',
    maxLength: 254,
    description:
      'The account the booking belongs to: the existing one with this e-mail, else a new customer account without a password (claimed by a password reset). The tickets are e-mailed here.',
  })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ example: '+2348012345678', maxLength: 32, description: `Kept on a new account. ${PHONE_INPUT}` })
  @IsOptionalNotNull()
  @IsPhone()
  phone?: string;
}

/** The booking's event, items, attendees and team name as in `POST /bookings`, plus the buyer, method and note. */
export class BoxOfficeSaleRequestDto extends PickType(CreateBookingRequestDto, ['eventId', 'items', 'attendees', 'teamName'] as const) {
  @ApiProperty({ type: BoxOfficeBuyerRequestDto })
  @ValidateNested()
  @Type(() => BoxOfficeBuyerRequestDto)
  buyer: BoxOfficeBuyerRequestDto;

  @ApiProperty({
    enum: BOX_OFFICE_METHODS,
    example: 'cash',
    description:
      '`cash` or `card_terminal`: paid in person, recorded as a succeeded manual payment; `comp`: complimentary, free whatever the price (a `note` is required).',
  })
  @IsIn(BOX_OFFICE_METHODS)
  method: BoxOfficeMethod;

  @ApiPropertyOptional({
    example: 'Guest of the headliner',
    maxLength: BOX_OFFICE_NOTE_MAX_LENGTH,
    description: 'Kept in the audit trail; required for `comp`.',
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(BOX_OFFICE_NOTE_MAX_LENGTH)
  note?: string;
}
