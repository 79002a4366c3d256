import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Booking, BookingsService, CreateBookingUseCase } from '@app/bookings';
import { CancelBookingUseCase } from '@app/refunds';
import { ResendTicketsUseCase, TICKETS_RESEND_INTERVAL_SECONDS } from '@app/tickets';
import { Role } from '@app/shared';
import type { Actor } from '@app/shared';
import { Authorized, CurrentActor } from '../http/authorization.js';
import { Idempotent } from '../http/idempotency.interceptor.js';
import { ApiPageResponse, ApiProblems } from '../http/openapi.decorators.js';
import { UuidParamPipe } from '../http/uuid-param.pipe.js';
import { BookingViews } from './booking-views.js';
import { CancelBookingRequestDto, CreateBookingRequestDto, ListBookingsQueryDto } from './dto/booking.request.dto.js';
import { BookingResponseDto } from './dto/booking.response.dto.js';
import { BookingTimelineResponseDto, TicketsResentResponseDto, TimelineEntryDto } from './dto/booking-timeline.dto.js';

@ApiTags('bookings')
@Controller('bookings')
export class BookingsController {
  constructor(
    private readonly createBooking: CreateBookingUseCase,
    private readonly bookings: BookingsService,
    private readonly views: BookingViews,
    private readonly cancelBooking: CancelBookingUseCase,
    private readonly resendTickets: ResendTicketsUseCase,
  ) {}

  private async one(booking: Booking): Promise<BookingResponseDto> {
    return BookingResponseDto.from((await this.views.of([booking]))[0]!);
  }

  @Post()
  @Authorized(Role.Customer, Role.Admin)
  @Idempotent()
  @ApiOperation({
    summary: 'Book seats',
    description:
      'Holds the seats at once: `201` with `status: pending_payment` and `expiresAt`; a free booking (total 0) is `confirmed` at once. ' +
      'Neither the event capacity nor a ticket type quantity is ever exceeded, under any concurrency.',
  })
  @ApiCreatedResponse({ type: BookingResponseDto })
  @ApiProblems(
    { 400: '`validation_failed` (quantity outside 1..maxPerBooking, unknown ticket type, too many attendees)' },
    { 404: '`event_not_found`, `user_not_found`' },
    { 409: '`sold_out` (with `available`), `buyer_limit_reached` (with `remaining`), `event_not_on_sale`, `ticket_type_not_on_sale`' },
    { 503: '`busy` (retry after Retry-After)' },
  )
  async create(@CurrentActor() actor: Actor, @Body() body: CreateBookingRequestDto): Promise<BookingResponseDto> {
    return BookingResponseDto.from(await this.views.ofCreated(await this.createBooking.execute(actor, body)));
  }

  @Get()
  @Authorized(Role.Customer, Role.Admin, Role.Viewer)
  @ApiOperation({
    summary: 'List bookings',
    description:
      'Customers see their own; staff see all and may filter by `email`. Anyone may filter by `teamName` (whole name, any case) and search with `q`. Newest first.',
  })
  @ApiPageResponse(BookingResponseDto)
  @ApiProblems(400)
  async list(@CurrentActor() actor: Actor, @Query() query: ListBookingsQueryDto) {
    const page = await this.bookings.list(
      actor,
      { eventId: query.eventId, status: query.status, email: query.email, teamName: query.teamName, q: query.q },
      query.toPageRequest(),
    );
    return { data: (await this.views.of(page.data)).map(BookingResponseDto.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Authorized()
  @ApiOperation({ summary: 'Get a booking', description: 'Its owner or staff; anyone else gets 404.' })
  @ApiOkResponse({ type: BookingResponseDto })
  @ApiProblems(400, { 404: '`booking_not_found`' })
  async get(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<BookingResponseDto> {
    return this.one(await this.bookings.get(actor, id));
  }

  @Post(':id/cancel')
  @Authorized(Role.Customer, Role.Admin)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel a booking',
    description:
      'While `pending_payment`: its owner or an admin; the held seats are released exactly once. ' +
      'A `confirmed` or `partially_refunded` booking: admins only, with a `reason` when it was paid for. Its valid tickets are cancelled and their seats released ' +
      '(checked-in tickets stay valid), everything paid and not yet refunded is refunded in full through the payment’s provider (a refund of kind `booking_cancelled`), ' +
      'and the buyer (and any transfer recipient whose ticket is voided) is e-mailed. Audited.',
  })
  @ApiOkResponse({ type: BookingResponseDto })
  @ApiProblems(
    { 400: '`validation_failed` (`reason` missing for a paid booking)' },
    { 404: '`booking_not_found`', 409: '`invalid_booking_state`', 503: '`busy` (retry after Retry-After)' },
  )
  async cancel(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() body: CancelBookingRequestDto): Promise<BookingResponseDto> {
    return this.one(await this.cancelBooking.execute(actor, id, body?.reason));
  }

  @Get(':id/timeline')
  @Authorized(Role.Admin, Role.Viewer)
  @ApiOperation({
    summary: 'A booking’s timeline',
    description:
      'Everything stored about the booking, oldest first: created, paid (payments started, proofs uploaded, succeeded or failed), confirmed, tickets issued, ' +
      'scans at the gate, refunds (requested, approved, completed, rejected, failed), transfers of its tickets, the buyer’s e-mails about it and audit entries about it. Staff only.',
  })
  @ApiOkResponse({ type: BookingTimelineResponseDto })
  @ApiProblems(400, { 404: '`booking_not_found`' })
  async timeline(@Param('id', UuidParamPipe) id: string): Promise<BookingTimelineResponseDto> {
    const entries = await this.bookings.timeline(id);
    return Object.assign(new BookingTimelineResponseDto(), { bookingId: id, entries: entries.map(TimelineEntryDto.from) });
  }

  @Post(':id/resend-tickets')
  @Authorized(Role.Admin)
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send the tickets again',
    description:
      'Queues the confirmation e-mail (`booking-confirmed`) again to the buyer, with the tickets they hold now that are `valid` (new QR payloads of the current versions). ' +
      `For \`confirmed\` and \`partially_refunded\` bookings; at most once per booking every ${TICKETS_RESEND_INTERVAL_SECONDS} s. Audited \`booking.tickets_resent\`.`,
  })
  @ApiAcceptedResponse({ type: TicketsResentResponseDto, description: 'The e-mail is queued.' })
  @ApiProblems(
    400,
    { 404: '`booking_not_found`', 409: '`invalid_booking_state` (not paid, or cancelled or refunded), `no_valid_tickets`' },
    { 429: '`tickets_resend_limited` (retry after Retry-After), `rate_limited`', 503: '`busy` (retry after Retry-After)' },
  )
  async resend(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<TicketsResentResponseDto> {
    return TicketsResentResponseDto.from(await this.resendTickets.execute(actor, id));
  }
}
