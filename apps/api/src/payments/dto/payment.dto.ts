import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IN_PERSON_PAYMENT_METHODS, Payment, PAYMENT_PROVIDERS, PaymentStatus } from '@app/payments';
import type { InPersonPaymentMethod, PaymentProvider } from '@app/payments';
import { IsEnum, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../http/pagination.dto.js';
import { iso } from '../../http/iso.js';

export class StartPaymentRequestDto {
  @ApiProperty({
    enum: PAYMENT_PROVIDERS,
    example: 'paystack',
    description: '`paystack`: pay online at `authorizationUrl`; `manual`: bank transfer or mobile money, then upload a proof.',
  })
  @IsIn(PAYMENT_PROVIDERS)
  provider: PaymentProvider;
}

export class RejectPaymentRequestDto {
  @ApiProperty({ example: 'The transfer did not arrive in our account.', maxLength: 1000, description: 'Sent to the buyer.' })
  @IsString()
  @MinLength(3)
  @MaxLength(1000)
  reason: string;
}

export class ListPaymentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PaymentStatus, enumName: 'PaymentStatus' })
  @IsOptional()
  @IsEnum(PaymentStatus)
  status?: PaymentStatus;

  @ApiPropertyOptional({ enum: PAYMENT_PROVIDERS })
  @IsOptional()
  @IsIn(PAYMENT_PROVIDERS)
  provider?: PaymentProvider;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  eventId?: string;
}

export class PaymentProofSummaryDto {
  @ApiProperty({ example: 'image/png' })
  contentType: string;

  @ApiProperty({ type: 'integer', minimum: 0, example: 48213, description: 'Bytes.' })
  size: number;

  @ApiProperty({ format: 'date-time' })
  uploadedAt: string;
}

export class PaymentResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  bookingId: string;

  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({ enum: PAYMENT_PROVIDERS })
  provider: PaymentProvider;

  @ApiProperty({ example: 'PAY-7Q2M9XK4B1HZ3T0RW8NC', description: 'Unique; quoted to the provider and in bank transfers.' })
  reference: string;

  @ApiProperty({
    type: String,
    enum: [...IN_PERSON_PAYMENT_METHODS, null],
    nullable: true,
    description: 'A payment taken in person at the box office (provider `manual`, recorded `succeeded` by staff): `cash` or `card_terminal`; null otherwise.',
  })
  method: InPersonPaymentMethod | null;

  @ApiProperty({ type: 'integer', minimum: 0, example: 300000, description: 'Minor units.' })
  amount: number;

  @ApiProperty({ example: 'NGN' })
  currency: string;

  @ApiProperty({ enum: PaymentStatus, enumName: 'PaymentStatus' })
  status: PaymentStatus;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    example: 0,
    description: 'Minor units refunded so far, or being refunded (refunds approved and not yet settled by the provider).',
  })
  refundedAmount: number;

  @ApiProperty({ nullable: true, type: String, example: 'https://checkout.paystack.com/abc123', description: 'Paystack checkout; null for manual payments.' })
  authorizationUrl: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'Transfer the total to GTBank 0123456789 (Lagos Live Events), quoting your payment reference, then upload the receipt.',
    description:
      "Manual payments: how to pay, the organisation's `manualPaymentInstructions` (`GET /settings`) as they are now, plain text; null for other providers.",
  })
  instructions: string | null;

  @ApiProperty({ type: PaymentProofSummaryDto, nullable: true })
  proof: PaymentProofSummaryDto | null;

  @ApiProperty({ nullable: true, type: String })
  failureReason: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  paidAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  /** `manualInstructions` is shown on manual payments only. */
  static from(p: Payment, manualInstructions: string | null = null): PaymentResponseDto {
    return Object.assign(new PaymentResponseDto(), {
      id: p.id,
      bookingId: p.bookingId,
      userId: p.userId,
      provider: p.provider,
      reference: p.reference,
      method: p.method,
      amount: p.amount,
      currency: p.currency,
      status: p.status,
      refundedAmount: p.refundedAmount,
      authorizationUrl: p.authorizationUrl,
      instructions: p.provider === 'manual' && !p.method ? manualInstructions : null,
      proof: p.proof ? { contentType: p.proof.contentType, size: p.proof.size, uploadedAt: p.proof.uploadedAt.toISOString() } : null,
      failureReason: p.failureReason,
      paidAt: iso(p.paidAt),
      createdAt: p.createdAt.toISOString(),
    });
  }
}
