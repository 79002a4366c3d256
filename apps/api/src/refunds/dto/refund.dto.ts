import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Refund, RefundStatus } from '@app/refunds';
import type { RefundKind } from '@app/refunds';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../http/pagination.dto.js';
import { IsOptionalNotNull } from '../../http/optional.js';
import { iso } from '../../http/iso.js';

export class RequestRefundRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  bookingId: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Default: every valid ticket of the booking. Checked-in tickets are never refunded.' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  ticketIds?: string[];

  @ApiProperty({ example: 'I cannot attend any more.', maxLength: 1000 })
  @IsString()
  @MinLength(3)
  @MaxLength(1000)
  reason: string;
}

export class RejectRefundRequestDto {
  @ApiProperty({ example: 'Refunds closed 48 hours before the event.', maxLength: 1000, description: 'Sent to the buyer.' })
  @IsString()
  @MinLength(3)
  @MaxLength(1000)
  reason: string;
}

export class ListRefundsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: RefundStatus, enumName: 'RefundStatus' })
  @IsOptional()
  @IsEnum(RefundStatus)
  status?: RefundStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  eventId?: string;
}

export class RefundResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) bookingId: string;
  @ApiProperty({ format: 'uuid' }) paymentId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({
    enum: ['request', 'automatic', 'event_cancelled', 'booking_cancelled'],
    description:
      '`automatic`: a payment its booking could no longer take; `event_cancelled`: the event was cancelled; `booking_cancelled`: an admin cancelled the booking.',
  })
  kind: RefundKind;
  @ApiProperty({ type: 'integer', minimum: 0, example: 300000, description: 'Minor units.' }) amount: number;
  @ApiProperty({ example: 'NGN' }) currency: string;
  @ApiProperty({
    enum: RefundStatus,
    enumName: 'RefundStatus',
    description:
      '`approved`: being sent to the provider, or sent and awaiting its outcome (the provider settles it later: its webhook, or our reconciliation).',
  })
  status: RefundStatus;
  @ApiProperty() reason: string;
  @ApiProperty({ type: [String], format: 'uuid' }) ticketIds: string[];
  @ApiProperty({ nullable: true, type: String }) rejectionReason: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'On a `failed` refund, why the provider refused (it can be approved again). On an `approved` one, a note: not sent yet (it is sent again automatically), or outcome unknown (checked with the provider before anything is sent again).',
  })
  failureReason: string | null;
  @ApiProperty({ nullable: true, type: String, description: "The provider's refund id, once it acknowledged the refund." }) providerRefundId: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;

  static from(r: Refund): RefundResponseDto {
    return Object.assign(new RefundResponseDto(), {
      id: r.id,
      bookingId: r.bookingId,
      paymentId: r.paymentId,
      userId: r.userId,
      kind: r.kind,
      amount: r.amount,
      currency: r.currency,
      status: r.status,
      reason: r.reason,
      ticketIds: r.ticketIds,
      rejectionReason: r.rejectionReason,
      failureReason: r.failureReason,
      providerRefundId: r.providerRefundId,
      decidedAt: iso(r.decidedAt),
      completedAt: iso(r.completedAt),
      createdAt: r.createdAt.toISOString(),
    });
  }
}
