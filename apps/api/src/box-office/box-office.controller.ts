import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SellAtBoxOfficeUseCase } from '@app/payments';
import { Role } from '@app/shared';
import type { Actor } from '@app/shared';
import { BookingViews } from '../bookings/booking-views.js';
import { BookingResponseDto } from '../bookings/dto/booking.response.dto.js';
import { Authorized, CurrentActor } from '../http/authorization.js';
import { Idempotent } from '../http/idempotency.interceptor.js';
import { ApiProblems } from '../http/openapi.decorators.js';
import { BoxOfficeSaleRequestDto } from './dto/box-office-sale.request.dto.js';

@ApiTags('box-office')
@Controller('box-office')
export class BoxOfficeController {
  constructor(
    private readonly sell: SellAtBoxOfficeUseCase,
    private readonly views: BookingViews,
  ) {}

  @Post('sales')
  @Authorized(Role.Admin)
  @Idempotent()
  @ApiOperation({
    summary: 'Sell at the box office',
    description:
      'Sells (or gives away) tickets at the door or by phone, in one transaction: `201` with the `confirmed` booking and its tickets, e-mailed to the buyer (`booking-confirmed`). ' +
      'The booking belongs to the account with the buyer’s e-mail; when there is none, a customer account without a password (e-mail unverified) is made, ' +
      'which its owner claims by a password reset (`POST /auth/password-reset`, or registering with that e-mail): nobody else can. ' +
      'Capacity and ticket-type quantities are never exceeded under any concurrency, as for `POST /bookings`, and `maxPerBooking` applies; ' +
      'ticket types’ sales windows do not (a door sale after online sales close is normal) while the event is published and not ended, and the buyer’s `maxPerBuyer` does not. ' +
      '`cash` / `card_terminal`: a `manual` payment of the total, recorded `succeeded` with its `method` (cancelling the booking refunds it as a manual refund). ' +
      '`comp`: free whatever the price, no payment; a `note` is required. Audited `box_office.sale` with the method, note and amounts.',
  })
  @ApiCreatedResponse({ type: BookingResponseDto })
  @ApiProblems(
    { 400: '`validation_failed` (bad buyer or items, quantity over maxPerBooking, too many attendees, `comp` without a `note`)' },
    { 404: '`event_not_found`', 409: '`sold_out` (with `available`), `event_not_on_sale` (draft, cancelled or ended)' },
    { 503: '`busy` (retry after Retry-After)' },
  )
  async create(@CurrentActor() actor: Actor, @Body() body: BoxOfficeSaleRequestDto): Promise<BookingResponseDto> {
    return BookingResponseDto.from(await this.views.ofCreated(await this.sell.execute(actor, body)));
  }
}
