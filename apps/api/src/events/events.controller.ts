import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, StreamableFile, UploadedFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { EventsService, MAX_SALES_BUCKETS, SalesInterval, StatsService } from '@app/events';
import { CancelEventUseCase } from '@app/event-cancellation';
import { IMAGE_UPLOAD_TYPES } from '@app/infrastructure';
import { Role } from '@app/shared';
import type { Actor } from '@app/shared';
import { Authorized, CurrentActor, OptionalAuth } from '../http/authorization.js';
import { ApiPageResponse, ApiProblems } from '../http/openapi.decorators.js';
import { FileUpload, ServesUploadedFile, uploadedFile } from '../http/uploads.js';
import { RateLimit } from '../http/rate-limit.js';
import { UuidParamPipe } from '../http/uuid-param.pipe.js';
import {
  CreateEventRequestDto,
  CreateTicketTypeRequestDto,
  ListEventsQueryDto,
  UpdateEventRequestDto,
  UpdateTicketTypeRequestDto,
} from './dto/event.request.dto.js';
import { EventResponseDto, EventStatsResponseDto, TicketTypeResponseDto } from './dto/event.response.dto.js';
import { SalesQueryDto, SalesSeriesResponseDto } from '../stats/dto/stats.dto.js';

const MAX_QR_BYTES = 2 * 1024 * 1024;

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly cancelEvent: CancelEventUseCase,
    private readonly statsService: StatsService,
  ) {}

  @Get()
  @OptionalAuth()
  @ApiOperation({ summary: 'List events', description: 'The public sees published events only; staff see all and may filter by `status`. Newest first.' })
  @ApiPageResponse(EventResponseDto)
  @ApiProblems(400, 401)
  async list(@Query() query: ListEventsQueryDto, @CurrentActor() actor?: Actor) {
    const page = await this.events.list({ status: query.status, from: query.from, to: query.to, q: query.q }, query.toPageRequest(), actor);
    return { data: page.data.map(EventResponseDto.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @OptionalAuth()
  @ApiOperation({ summary: 'Get an event with its ticket types and seats left', description: 'Drafts are visible to staff only.' })
  @ApiOkResponse({ type: EventResponseDto })
  @ApiProblems(400, 401, { 404: '`event_not_found`' })
  async get(@Param('id', UuidParamPipe) id: string, @CurrentActor() actor?: Actor): Promise<EventResponseDto> {
    return EventResponseDto.from(await this.events.get(id, actor));
  }

  @Post()
  @Authorized(Role.Admin)
  @ApiOperation({
    summary: 'Create an event (draft)',
    description: '`startsAt` in the future and before `endsAt`; known IANA time zone and ISO 4217 currency.',
  })
  @ApiCreatedResponse({ type: EventResponseDto })
  @ApiProblems(400)
  async create(@CurrentActor() actor: Actor, @Body() body: CreateEventRequestDto): Promise<EventResponseDto> {
    return EventResponseDto.from(await this.events.create(actor, body));
  }

  @Patch(':id')
  @Authorized(Role.Admin)
  @ApiOperation({ summary: 'Change an event', description: 'Capacity may not drop below seats sold plus held.' })
  @ApiOkResponse({ type: EventResponseDto })
  @ApiProblems(400, { 404: '`event_not_found`', 409: '`capacity_below_sold`, `invalid_event_state`' })
  async update(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() body: UpdateEventRequestDto): Promise<EventResponseDto> {
    return EventResponseDto.from(await this.events.update(actor, id, body));
  }

  @Post(':id/publish')
  @Authorized(Role.Admin)
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a draft', description: '`draft -> published`; needs a ticket type and a start in the future.' })
  @ApiOkResponse({ type: EventResponseDto })
  @ApiProblems(400, { 404: '`event_not_found`', 409: '`invalid_event_state`, `no_ticket_types`' })
  async publish(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<EventResponseDto> {
    return EventResponseDto.from(await this.events.publish(actor, id));
  }

  @Post(':id/cancel')
  @Authorized(Role.Admin)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel an event',
    description:
      '`published -> cancelled` (a draft is deleted instead). Pending bookings are cancelled, paid ones refunded in full through their provider, tickets cancelled, pending transfer offers withdrawn, every buyer and every other ticket holder (transfer recipients) e-mailed. ' +
      'Bookings are handled by a resumable job (the first ones right away); the refunds are listed under /refunds with kind `event_cancelled`. Audited.',
  })
  @ApiOkResponse({ type: EventResponseDto })
  @ApiProblems(400, { 404: '`event_not_found`', 409: '`invalid_event_state` (a draft, or already cancelled or completed)' })
  async cancel(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<EventResponseDto> {
    await this.cancelEvent.execute(actor, id);
    return EventResponseDto.from(await this.events.get(id, actor));
  }

  @Delete(':id')
  @Authorized(Role.Admin)
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a draft without bookings',
    description: 'Removes a `draft` event and its ticket types; an event with bookings is cancelled instead.',
  })
  @ApiNoContentResponse()
  @ApiProblems(400, { 404: '`event_not_found`', 409: '`event_has_bookings`, `invalid_event_state` (not a draft)' })
  async delete(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<void> {
    await this.events.delete(actor, id);
  }

  @Get(':id/ticket-types')
  @OptionalAuth()
  @ApiOperation({
    summary: "An event's ticket types with seats left",
    description: 'Each ticket type of a visible event, with its price, sales window and the seats still available.',
  })
  @ApiOkResponse({ type: [TicketTypeResponseDto] })
  @ApiProblems(400, 401, { 404: '`event_not_found`' })
  async listTicketTypes(@Param('id', UuidParamPipe) id: string, @CurrentActor() actor?: Actor): Promise<TicketTypeResponseDto[]> {
    return (await this.events.listTicketTypes(id, actor)).map(TicketTypeResponseDto.from);
  }

  @Post(':id/ticket-types')
  @Authorized(Role.Admin)
  @ApiOperation({
    summary: 'Add a ticket type',
    description: 'Price in minor units of the event currency. The sum of quantities may exceed the event capacity; both limits hold.',
  })
  @ApiCreatedResponse({ type: TicketTypeResponseDto })
  @ApiProblems(400, { 404: '`event_not_found`', 409: '`ticket_type_name_taken`, `invalid_event_state`' })
  async createTicketType(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: CreateTicketTypeRequestDto,
  ): Promise<TicketTypeResponseDto> {
    return TicketTypeResponseDto.from(await this.events.createTicketType(actor, id, body));
  }

  @Patch(':id/ticket-types/:ticketTypeId')
  @Authorized(Role.Admin)
  @ApiOperation({ summary: 'Change a ticket type', description: 'Quantity may not drop below sold plus held.' })
  @ApiOkResponse({ type: TicketTypeResponseDto })
  @ApiProblems(400, { 404: '`event_not_found`, `ticket_type_not_found`', 409: '`capacity_below_sold`, `ticket_type_name_taken`' })
  async updateTicketType(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Param('ticketTypeId', UuidParamPipe) ticketTypeId: string,
    @Body() body: UpdateTicketTypeRequestDto,
  ): Promise<TicketTypeResponseDto> {
    return TicketTypeResponseDto.from(await this.events.updateTicketType(actor, id, ticketTypeId, body));
  }

  @Put(':id/payment-qr')
  @Authorized(Role.Admin)
  @HttpCode(204)
  @FileUpload(MAX_QR_BYTES, 'JPEG, PNG or WebP (checked by its bytes), at most 2 MB.', IMAGE_UPLOAD_TYPES)
  @ApiOperation({
    summary: 'Set the payment QR image',
    description: 'The QR of the bank or mobile-money account buyers pay into for manual payments. Replaces the previous one. Audited.',
  })
  @ApiNoContentResponse()
  @ApiProblems({ 404: '`event_not_found`' })
  async setPaymentQr(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @UploadedFile() file: Express.Multer.File): Promise<void> {
    await this.events.setPaymentQr(actor, id, { data: file.buffer, contentType: file.mimetype });
  }

  @Get(':id/payment-qr')
  @OptionalAuth()
  @RateLimit('payment_qr')
  @ServesUploadedFile()
  @ApiOperation({
    summary: 'The payment QR image',
    description:
      "For buyers paying manually (bank transfer, mobile money). `inline`, with its detected type, `X-Content-Type-Options: nosniff` and `Content-Security-Policy: default-src 'none'; sandbox`. " +
      'Limited per IP (`RATE_LIMIT_PAYMENT_QR` per window).',
  })
  @ApiProduces('image/png', 'image/jpeg', 'image/webp')
  @ApiOkResponse({ description: 'The image.', schema: { type: 'string', format: 'binary' } })
  @ApiProblems(400, 401, { 404: '`event_not_found` (also when the event has no payment QR)' })
  async paymentQr(@Param('id', UuidParamPipe) id: string, @CurrentActor() actor?: Actor): Promise<StreamableFile> {
    return uploadedFile(await this.events.paymentQr(id, actor));
  }

  @Get(':id/stats')
  @Authorized(Role.Admin, Role.Viewer)
  @ApiOperation({
    summary: 'Sales figures',
    description: 'Per ticket type and total: capacity, sold, held, available, revenue and refunded (minor units), checked in.',
  })
  @ApiOkResponse({ type: EventStatsResponseDto })
  @ApiProblems(400, { 404: '`event_not_found`' })
  async stats(@Param('id', UuidParamPipe) id: string): Promise<EventStatsResponseDto> {
    return EventStatsResponseDto.from(await this.events.stats(id));
  }

  @Get(':id/sales')
  @Authorized(Role.Admin, Role.Viewer)
  @ApiOperation({
    summary: 'Sales over time',
    description:
      "Bookings confirmed, seats sold and revenue (minor units of the event currency) per UTC hour or day, by the booking's `confirmedAt`, per ticket type and in total; " +
      'refunds completed per bucket apart (not deducted). Every bucket of `[from, to)` is present, empty ones with zeros, so a chart has no gaps. ' +
      `At most ${MAX_SALES_BUCKETS} buckets: a longer range is \`400 validation_failed\` (narrow it or use \`interval=day\`).`,
  })
  @ApiOkResponse({ type: SalesSeriesResponseDto })
  @ApiProblems({
    400: `Invalid input (\`validation_failed\`): an unknown \`interval\`, a bad date-time, \`to\` not after \`from\`, or more than ${MAX_SALES_BUCKETS} buckets.`,
    404: '`event_not_found`',
  })
  async sales(@Param('id', UuidParamPipe) id: string, @Query() query: SalesQueryDto): Promise<SalesSeriesResponseDto> {
    const series = await this.statsService.sales(id, { interval: query.interval ?? SalesInterval.Day, from: query.from, to: query.to });
    return SalesSeriesResponseDto.from(series);
  }
}
