import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { HOLDER_NAME_MAX_LENGTH, TicketStatus } from '@app/tickets';
import { IsEnum, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../http/pagination.dto.js';

export class ListTicketsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  eventId?: string;

  @ApiPropertyOptional({ enum: TicketStatus, enumName: 'TicketStatus' })
  @IsOptional()
  @IsEnum(TicketStatus)
  status?: TicketStatus;
}

export class UpdateTicketRequestDto {
  @ApiProperty({ example: 'Grace Hopper', maxLength: HOLDER_NAME_MAX_LENGTH, description: 'The name printed on the ticket.' })
  @IsString()
  @MinLength(1)
  @MaxLength(HOLDER_NAME_MAX_LENGTH)
  @Matches(/\S/, { message: 'holderName must not be blank' })
  holderName: string;
}

export class TicketQrQueryDto {
  @ApiPropertyOptional({ enum: ['png', 'svg'], description: 'Overrides the `Accept` header; default `png`.' })
  @IsOptional()
  @IsIn(['png', 'svg'])
  format?: 'png' | 'svg';
}

export class TicketLookupQueryDto {
  @ApiProperty({
    example: 'TKT-20261231-7K3QX9MZ',
    maxLength: 64,
    description: 'The human ticket code, in any case, with or without dashes; `O` reads as `0`, `I` and `L` as `1`.',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  code: string;
}
