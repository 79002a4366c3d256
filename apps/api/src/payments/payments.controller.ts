import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, StreamableFile, UploadedFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { MAX_PROOF_BYTES, PROOF_UPLOAD_TYPES } from '@app/infrastructure';
import { PaymentsService, ReviewPaymentUseCase, StartPaymentUseCase } from '@app/payments';
import { SettingsService } from '@app/settings';
import { Role, ValidationFailedError } from '@app/shared';
import type { Payment } from '@app/payments';
import type { Actor } from '@app/shared';
import type { Request } from 'express';
import { Authorized, CurrentActor, Public } from '../http/authorization.js';
import { Idempotent } from '../http/idempotency.interceptor.js';
import { ApiPageResponse, ApiProblems } from '../http/openapi.decorators.js';
import { FileUpload, ServesUploadedFile, uploadedFile } from '../http/uploads.js';
import { UuidParamPipe } from '../http/uuid-param.pipe.js';
import { ListPaymentsQueryDto, PaymentResponseDto, RejectPaymentRequestDto, StartPaymentRequestDto } from './dto/payment.dto.js';

@ApiTags('payments')
@Controller()
export class PaymentsController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly start: StartPaymentUseCase,
    private readonly review: ReviewPaymentUseCase,
    private readonly settings: SettingsService,
  ) {}

  /** The response of manual payments carries the organisation's manual-payment instructions. */
  private async dto(payment: Payment): Promise<PaymentResponseDto> {
    return PaymentResponseDto.from(payment, payment.provider === 'manual' ? (await this.settings.get()).manualPaymentInstructions : null);
  }

  @Post('bookings/:id/payments')
  @Authorized(Role.Customer, Role.Admin)
  @Idempotent({ transactional: false })
  @ApiOperation({
    summary: 'Pay a booking',
    description:
      'The booking owner or an admin (audited as `payment.started_for_user` when it is not their booking). `201` payment with a unique `reference`; ' +
      "for Paystack also `authorizationUrl` (the checkout). Manual payments carry `instructions` (the organisation's `manualPaymentInstructions`) and take a proof next.",
  })
  @ApiCreatedResponse({ type: PaymentResponseDto })
  @ApiProblems(
    400,
    { 404: '`booking_not_found`' },
    { 409: '`booking_not_payable` (not pending, hold ended, free)' },
    { 422: '`payment_provider_disabled`, `payment_provider_error`' },
    { 503: '`payment_provider_unavailable` (see Retry-After)' },
  )
  async startPayment(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) bookingId: string,
    @Body() body: StartPaymentRequestDto,
  ): Promise<PaymentResponseDto> {
    return this.dto(await this.start.execute(actor, bookingId, body.provider));
  }

  @Get('payments')
  @Authorized(Role.Admin, Role.Viewer)
  @ApiOperation({ summary: 'List payments', description: 'Filters `status`, `provider`, `eventId`. Newest first.' })
  @ApiPageResponse(PaymentResponseDto)
  @ApiProblems(400)
  async list(@Query() query: ListPaymentsQueryDto) {
    const page = await this.payments.list({ status: query.status, provider: query.provider, eventId: query.eventId }, query.toPageRequest());
    const instructions = page.data.some((p) => p.provider === 'manual') ? (await this.settings.get()).manualPaymentInstructions : null;
    return { data: page.data.map((p) => PaymentResponseDto.from(p, instructions)), nextCursor: page.nextCursor };
  }

  @Get('payments/verify/:reference')
  @Authorized()
  @ApiOperation({
    summary: 'Verify with the provider',
    description: 'Asks Paystack (`GET /transaction/verify/:reference`) and applies the answer. Owner or admin.',
  })
  @ApiOkResponse({ type: PaymentResponseDto })
  @ApiProblems(400, {
    404: '`payment_not_found`',
    422: '`payment_verification_not_supported` (manual payments are reviewed, not verified), `payment_provider_error`',
    503: '`payment_provider_unavailable`',
  })
  async verify(@CurrentActor() actor: Actor, @Param('reference') reference: string): Promise<PaymentResponseDto> {
    if (!/^PAY-[0-9A-Z]{20}$/.test(reference))
      throw new ValidationFailedError([{ field: 'reference', message: 'reference must look like PAY-XXXXXXXXXXXXXXXXXXXX' }]);
    return this.dto(await this.payments.verify(actor, reference));
  }

  @Get('payments/:id')
  @Authorized()
  @ApiOperation({ summary: 'Get a payment', description: 'Its owner or staff.' })
  @ApiOkResponse({ type: PaymentResponseDto })
  @ApiProblems(400, { 404: '`payment_not_found`' })
  async get(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<PaymentResponseDto> {
    return this.dto(await this.payments.get(actor, id));
  }

  @Post('payments/:id/proof')
  @Authorized(Role.Customer, Role.Admin)
  @HttpCode(200)
  @FileUpload(MAX_PROOF_BYTES, 'JPEG, PNG, WebP or PDF (checked by its bytes), at most 5 MB.', PROOF_UPLOAD_TYPES)
  @ApiOperation({
    summary: 'Upload the proof of a manual payment',
    description:
      "The payment's owner (a customer, or an admin who booked for themselves); anyone else gets 404. `-> awaiting_review`. A new proof replaces the last.",
  })
  @ApiOkResponse({ type: PaymentResponseDto })
  @ApiProblems({ 404: '`payment_not_found`', 409: '`invalid_payment_state`' })
  async uploadProof(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @UploadedFile() file: Express.Multer.File,
  ): Promise<PaymentResponseDto> {
    return this.dto(await this.payments.attachProof(actor, id, { data: file.buffer, contentType: file.mimetype }));
  }

  @Get('payments/:id/proof')
  @Authorized()
  @ServesUploadedFile()
  @ApiOperation({
    summary: 'Download the proof',
    description:
      'Its owner, admins and viewers. Sent as a download (`Content-Disposition: attachment; filename="payment-proof-<id>.<ext>"`) ' +
      "with its detected type, `X-Content-Type-Options: nosniff` and `Content-Security-Policy: default-src 'none'; sandbox`.",
  })
  @ApiProduces('image/jpeg', 'image/png', 'image/webp', 'application/pdf')
  @ApiOkResponse({ description: 'The file.', schema: { type: 'string', format: 'binary' } })
  @ApiProblems(400, { 404: '`payment_not_found`, `proof_not_found`' })
  async proof(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<StreamableFile> {
    return uploadedFile(await this.payments.proof(actor, id), `payment-proof-${id}`);
  }

  @Post('payments/:id/approve')
  @Authorized(Role.Admin)
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve a manual payment', description: '`-> succeeded`; the booking is confirmed, its tickets issued and e-mailed. Audited.' })
  @ApiOkResponse({ type: PaymentResponseDto })
  @ApiProblems(400, { 404: '`payment_not_found`', 409: '`invalid_payment_state`' })
  async approve(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<PaymentResponseDto> {
    return this.dto(await this.review.approve(actor, id));
  }

  @Post('payments/:id/reject')
  @Authorized(Role.Admin)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reject a manual payment',
    description: '`-> failed` with the reason, e-mailed to the buyer; the booking stays payable until its hold ends. Audited.',
  })
  @ApiOkResponse({ type: PaymentResponseDto })
  @ApiProblems(400, { 404: '`payment_not_found`', 409: '`invalid_payment_state`' })
  async reject(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() body: RejectPaymentRequestDto): Promise<PaymentResponseDto> {
    return this.dto(await this.review.reject(actor, id, body.reason));
  }

  @Post('payments/webhooks/paystack')
  @Public()
  @SkipThrottle()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Paystack webhook',
    description: '`x-paystack-signature` must be the HMAC-SHA512 of the raw body with the secret key, else `401` and nothing changes. Replays are no-ops.',
  })
  @ApiOkResponse({ schema: { type: 'object', properties: { received: { type: 'boolean' }, duplicate: { type: 'boolean' } } } })
  @ApiProblems({ 401: '`invalid_signature`', 400: '`malformed_json`' })
  async paystackWebhook(@Req() req: Request & { rawBody?: Buffer }, @Headers('x-paystack-signature') signature?: string) {
    const result = await this.payments.handlePaystackWebhook(req.rawBody ?? Buffer.alloc(0), signature);
    return { received: true, duplicate: result.duplicate };
  }
}
