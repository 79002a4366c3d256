import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '@app/shared';
import type { Actor } from '@app/shared';
import { AcceptTransferUseCase, OfferTransferUseCase, TransfersService } from '@app/transfers';
import { Authorized, CurrentActor } from '../http/authorization.js';
import { Idempotent } from '../http/idempotency.interceptor.js';
import { ApiPageResponse, ApiProblems } from '../http/openapi.decorators.js';
import { UuidParamPipe } from '../http/uuid-param.pipe.js';
import { CreateTransferRequestDto, ListTransfersQueryDto } from './dto/transfer.request.dto.js';
import { TransferResponseDto } from './dto/transfer.response.dto.js';

const NOT_PENDING = '`transfer_not_pending` (with `transferStatus`: it was accepted, rejected, cancelled, or the offer expired)';

@ApiTags('transfers')
@Controller('transfers')
export class TransfersController {
  constructor(
    private readonly offerTransfer: OfferTransferUseCase,
    private readonly acceptTransfer: AcceptTransferUseCase,
    private readonly transfers: TransfersService,
  ) {}

  @Post()
  @Authorized(Role.Customer, Role.Admin)
  @Idempotent()
  @ApiOperation({
    summary: 'Offer a ticket to someone',
    description:
      'The holder of a `valid` ticket of a confirmed booking offers it, before the event starts, to an e-mail address; the recipient is e-mailed ' +
      '(`transfer-offered`) and needs no account yet. The offer lapses after `TRANSFER_EXPIRY_HOURS` (default 72), never after the event ends. ' +
      'One pending transfer per ticket. The ticket still scans as the sender’s until the offer is accepted. ' +
      'Limits: `TRANSFER_OFFERS_PER_SENDER_PER_HOUR` offers per sender, `TRANSFER_OFFERS_PER_RECIPIENT_PER_DAY` to one address, and `TRANSFER_CANCEL_COOLDOWN_MINUTES` after cancelling an offer to an address.',
  })
  @ApiCreatedResponse({ type: TransferResponseDto })
  @ApiProblems(
    { 400: '`validation_failed`' },
    { 403: '`forbidden` for an admin offering a ticket they do not hold.' },
    { 404: '`ticket_not_found` (unknown, or not your ticket)' },
    {
      409:
        '`ticket_not_transferable` (with `ticketStatus`: checked in, refunded, cancelled or transferred), `booking_not_confirmed` (with `bookingStatus`), ' +
        '`event_cancelled`, `event_already_started` (with `startsAt`), `transfer_already_pending` (with `pendingTransferId`)',
    },
    { 422: '`transfer_to_self` (the address is your own)' },
    { 429: '`transfer_offer_limited` (with `limit`: `sender`, `recipient` or `cooldown`, and Retry-After), `rate_limited`' },
    { 503: '`busy` (retry after Retry-After)' },
  )
  async create(@CurrentActor() actor: Actor, @Body() body: CreateTransferRequestDto): Promise<TransferResponseDto> {
    return TransferResponseDto.from(await this.offerTransfer.execute(actor, body));
  }

  @Get()
  @Authorized(Role.Customer, Role.Admin, Role.Viewer)
  @ApiOperation({
    summary: 'List transfers',
    description:
      'Customers see their own: sent by them and offered to their e-mail (`direction` picks one side). Admins and viewers see everyone’s unless they give a `direction`. ' +
      'Filters `status`, `eventId`, `ticketId`, `fromUserId`, `toEmail`. Newest first.',
  })
  @ApiPageResponse(TransferResponseDto)
  @ApiProblems(400)
  async list(@CurrentActor() actor: Actor, @Query() query: ListTransfersQueryDto) {
    const { direction, status, eventId, ticketId, fromUserId, toEmail } = query;
    const page = await this.transfers.list(actor, { direction, status, eventId, ticketId, fromUserId, toEmail }, query.toPageRequest());
    return { data: page.data.map(TransferResponseDto.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Authorized(Role.Customer, Role.Admin, Role.Viewer)
  @ApiOperation({
    summary: 'Get a transfer',
    description: 'Its sender, its recipient (the user whose e-mail is `toEmail`), admins and viewers; anyone else gets 404.',
  })
  @ApiOkResponse({ type: TransferResponseDto })
  @ApiProblems(400, { 404: '`transfer_not_found`' })
  async get(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<TransferResponseDto> {
    return TransferResponseDto.from(await this.transfers.get(actor, id));
  }

  @Post(':id/accept')
  @Authorized(Role.Customer, Role.Admin)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Accept a transfer',
    description:
      'The signed-in user whose e-mail is `toEmail` and verified (`emailVerified`), while the offer is pending and not expired. In one transaction: the old ticket becomes `transferred` ' +
      '(its QR payload and code then scan as `transferred`), a new ticket with a new code and payload is issued in the recipient’s name (`newTicketId`), ' +
      'and the sender is e-mailed (`transfer-accepted`). Capacity is untouched. If the ticket is no longer valid (checked in, refunded, cancelled) or the event was cancelled, nothing changes.',
  })
  @ApiOkResponse({ type: TransferResponseDto })
  @ApiProblems(
    400,
    { 403: '`email_not_verified` (verify your e-mail first: `POST /auth/verify-email`)', 404: '`transfer_not_found` (unknown, or you are not the recipient)' },
    { 409: `${NOT_PENDING}, \`ticket_not_transferable\` (with \`ticketStatus\`: the ticket changed since the offer), \`event_cancelled\`` },
    { 503: '`busy` (retry after Retry-After)' },
  )
  async accept(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<TransferResponseDto> {
    return TransferResponseDto.from(await this.acceptTransfer.execute(actor, id));
  }

  @Post(':id/reject')
  @Authorized(Role.Customer, Role.Admin)
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a transfer', description: 'The recipient declines a pending offer; the ticket stays the sender’s.' })
  @ApiOkResponse({ type: TransferResponseDto })
  @ApiProblems(400, { 404: '`transfer_not_found` (unknown, or you are not the recipient)', 409: NOT_PENDING }, { 503: '`busy` (retry after Retry-After)' })
  async reject(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<TransferResponseDto> {
    return TransferResponseDto.from(await this.transfers.reject(actor, id));
  }

  @Post(':id/cancel')
  @Authorized(Role.Customer, Role.Admin)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel a transfer',
    description: 'The sender, or an admin (audited as `transfer.cancelled`), withdraws a pending offer. Racing an accept, exactly one of them succeeds.',
  })
  @ApiOkResponse({ type: TransferResponseDto })
  @ApiProblems(
    400,
    { 404: '`transfer_not_found` (unknown, or you are neither its sender nor an admin)', 409: NOT_PENDING },
    { 503: '`busy` (retry after Retry-After)' },
  )
  async cancel(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<TransferResponseDto> {
    return TransferResponseDto.from(await this.transfers.cancel(actor, id));
  }
}
