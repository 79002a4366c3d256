import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProcessRefundUseCase, RefundsService, RequestRefundUseCase } from '@app/refunds';
import { Role } from '@app/shared';
import type { Actor } from '@app/shared';
import { Authorized, CurrentActor } from '../http/authorization.js';
import { Idempotent } from '../http/idempotency.interceptor.js';
import { ApiPageResponse, ApiProblems } from '../http/openapi.decorators.js';
import { UuidParamPipe } from '../http/uuid-param.pipe.js';
import { ListRefundsQueryDto, RefundResponseDto, RejectRefundRequestDto, RequestRefundRequestDto } from './dto/refund.dto.js';

@ApiTags('refunds')
@Controller('refunds')
export class RefundsController {
  constructor(
    private readonly refunds: RefundsService,
    private readonly request: RequestRefundUseCase,
    private readonly process: ProcessRefundUseCase,
  ) {}

  @Post()
  @Authorized(Role.Customer, Role.Admin)
  @Idempotent()
  @ApiOperation({
    summary: 'Request a refund',
    description: 'The booking owner or an admin; chosen tickets or all valid ones, never checked-in ones. Waits for an admin (`pending`).',
  })
  @ApiCreatedResponse({ type: RefundResponseDto })
  @ApiProblems(400, { 404: '`booking_not_found`', 409: '`nothing_to_refund`, `ticket_not_refundable`' })
  async create(@CurrentActor() actor: Actor, @Body() body: RequestRefundRequestDto): Promise<RefundResponseDto> {
    return RefundResponseDto.from(await this.request.execute(actor, body));
  }

  @Get()
  @Authorized(Role.Customer, Role.Admin, Role.Viewer)
  @ApiOperation({ summary: 'List refunds', description: 'Customers see their own; staff see all. Filters `status`, `eventId`. Newest first.' })
  @ApiPageResponse(RefundResponseDto)
  @ApiProblems(400)
  async list(@CurrentActor() actor: Actor, @Query() query: ListRefundsQueryDto) {
    const page = await this.refunds.list(actor, { status: query.status, eventId: query.eventId }, query.toPageRequest());
    return { data: page.data.map(RefundResponseDto.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Authorized()
  @ApiOperation({ summary: 'Get a refund', description: 'Its owner or staff.' })
  @ApiOkResponse({ type: RefundResponseDto })
  @ApiProblems(400, { 404: '`refund_not_found`' })
  async get(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<RefundResponseDto> {
    return RefundResponseDto.from(await this.refunds.get(actor, id));
  }

  @Post(':id/approve')
  @Authorized(Role.Admin)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Approve (or retry) a refund',
    description:
      'Refunds through the provider (Paystack `POST /refund`; a manual payment records a manual refund). Answers the outcome: `completed` ' +
      '(tickets refunded, seats released) or `failed` with `failureReason` (nothing changed; approve again to retry). One provider refund however often it is approved at once.',
  })
  @ApiOkResponse({ type: RefundResponseDto })
  @ApiProblems(400, { 404: '`refund_not_found`', 409: '`invalid_refund_state`, `ticket_not_refundable`, `refund_exceeds_paid`' })
  async approve(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<RefundResponseDto> {
    return RefundResponseDto.from(await this.process.approve(actor, id));
  }

  @Post(':id/reject')
  @Authorized(Role.Admin)
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a refund request', description: 'Pending only; the reason is e-mailed to the buyer. Audited.' })
  @ApiOkResponse({ type: RefundResponseDto })
  @ApiProblems(400, { 404: '`refund_not_found`', 409: '`invalid_refund_state`' })
  async reject(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() body: RejectRefundRequestDto): Promise<RefundResponseDto> {
    return RefundResponseDto.from(await this.refunds.reject(actor, id, body.reason));
  }
}
