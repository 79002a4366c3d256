import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TRANSFER_MESSAGE_MAX_LENGTH, TransferStatus } from '@app/transfers';
import type { TransferDirection } from '@app/transfers';
import { IsEmail, IsEnum, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsOptionalNotNull } from '../../http/optional.js';
import { PageQueryDto } from '../../http/pagination.dto.js';

export class CreateTransferRequestDto {
  @ApiProperty({ format: 'uuid', description: 'A `valid` ticket you hold, of a confirmed booking, for an event that has not started.' })
  @IsUUID()
  ticketId: string;

  @ApiProperty({
    format: 'email',
    example: 'grace@example.com',
    maxLength: 254,
    description: 'The recipient. They need no account yet: whoever signs in with this address may accept. Compared case-insensitively.',
  })
  @IsEmail()
  @MaxLength(254)
  toEmail: string;

  @ApiPropertyOptional({
    example: 'Enjoy the show!',
    maxLength: TRANSFER_MESSAGE_MAX_LENGTH,
    description: 'A note for the recipient, shown as plain text in the e-mail.',
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(TRANSFER_MESSAGE_MAX_LENGTH)
  message?: string;
}

export class ListTransfersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: ['incoming', 'outgoing'],
    description: '`incoming`: offered to your e-mail; `outgoing`: sent by you. Without it customers see both, admins and viewers everyone’s.',
  })
  @IsOptional()
  @IsIn(['incoming', 'outgoing'])
  direction?: TransferDirection;

  @ApiPropertyOptional({ enum: TransferStatus, enumName: 'TransferStatus', description: '`pending` excludes lapsed offers; `expired` includes them.' })
  @IsOptional()
  @IsEnum(TransferStatus)
  status?: TransferStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  eventId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Transfers of this ticket (the offered, old ticket).' })
  @IsOptional()
  @IsUUID()
  ticketId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Sent by this user.' })
  @IsOptional()
  @IsUUID()
  fromUserId?: string;

  @ApiPropertyOptional({ format: 'email', example: 'grace@example.com', description: 'Offered to this address (any case).' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  toEmail?: string;
}
