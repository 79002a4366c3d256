import { Body, Controller, Get, Param, Patch, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Role } from '@app/shared';
import type { Actor } from '@app/shared';
import { TicketsService } from '@app/tickets';
import type { Request, Response } from 'express';
import { Authorized, CurrentActor, Public } from '../http/authorization.js';
import { RateLimit } from '../http/rate-limit.js';
import { ApiPageResponse, ApiProblems } from '../http/openapi.decorators.js';
import { UuidParamPipe } from '../http/uuid-param.pipe.js';
import { ListTicketsQueryDto, TicketLookupQueryDto, TicketQrQueryDto, UpdateTicketRequestDto } from './dto/ticket.request.dto.js';
import { TicketLookupResponseDto, TicketResponseDto } from './dto/ticket.response.dto.js';
import { QR_CONTENT_TYPES, QrFormat, renderQr } from './qr-image.js';

@ApiTags('tickets')
@Controller('tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Get()
  @Authorized()
  @ApiOperation({ summary: 'List tickets', description: 'Customers see the tickets they hold ("my tickets"); admins and viewers see all. Newest first.' })
  @ApiPageResponse(TicketResponseDto)
  @ApiProblems(400)
  async list(@CurrentActor() actor: Actor, @Query() query: ListTicketsQueryDto) {
    const page = await this.tickets.list(actor, { eventId: query.eventId, status: query.status }, query.toPageRequest());
    return { data: page.data.map(TicketResponseDto.from), nextCursor: page.nextCursor };
  }

  @Get('lookup')
  @Public()
  @RateLimit('lookup')
  @ApiOperation({
    summary: 'Look up a ticket by its code',
    description:
      'Anyone holding a code (printed on the ticket) may check it: status, ticket type and event only, never a name, e-mail or payload. ' +
      'Unknown and impossible codes are the same `404`, answered in the same time as a found one. Limited per IP (`RATE_LIMIT_LOOKUP` per window). ' +
      'Sent with `Cache-Control: no-store`.',
  })
  @ApiOkResponse({ type: TicketLookupResponseDto })
  @ApiProblems(400, { 404: '`ticket_not_found`' })
  async lookup(@Query() query: TicketLookupQueryDto, @Res({ passthrough: true }) res: Response): Promise<TicketLookupResponseDto> {
    res.set('Cache-Control', 'no-store');
    return TicketLookupResponseDto.from(await this.tickets.lookup(query.code));
  }

  @Get(':id')
  @Authorized()
  @ApiOperation({
    summary: 'Get a ticket',
    description: 'Its holder, or an admin or viewer; anyone else gets 404. Includes the human `code` and the signed `qrPayload`.',
  })
  @ApiOkResponse({ type: TicketResponseDto })
  @ApiProblems(400, { 404: '`ticket_not_found`' })
  async get(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<TicketResponseDto> {
    return TicketResponseDto.from(await this.tickets.get(actor, id));
  }

  @Get(':id/qr')
  @Authorized()
  @ApiOperation({
    summary: "The ticket's QR code as an image",
    description:
      'PNG by default; SVG with `?format=svg` or `Accept: image/svg+xml`. Error correction level Q, 4-module quiet zone. ' +
      'Its holder, or an admin or viewer; anyone else gets 404. Sent with `Cache-Control: private, no-store`.',
  })
  @ApiProduces('image/png', 'image/svg+xml')
  @ApiOkResponse({
    description: 'The QR code encoding `qrPayload`.',
    content: { 'image/png': { schema: { type: 'string', format: 'binary' } }, 'image/svg+xml': { schema: { type: 'string' } } },
  })
  @ApiProblems(400, { 404: '`ticket_not_found`' })
  async qr(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Query() query: TicketQrQueryDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const payload = await this.tickets.payload(actor, id);
    const format: QrFormat = query.format ?? (req.accepts(['image/png', 'image/svg+xml']) === 'image/svg+xml' ? 'svg' : 'png');
    const image = await renderQr(payload, format);
    res.status(200).set({ 'Content-Type': QR_CONTENT_TYPES[format], 'Cache-Control': 'private, no-store', Vary: 'Accept' }).send(image);
  }

  @Patch(':id')
  @Authorized(Role.Customer, Role.Admin)
  @ApiOperation({
    summary: 'Change the holder name',
    description:
      'Its holder, while the ticket is valid and before the event starts; an admin any time (valid or checked-in ticket, audited). The QR payload does not change.',
  })
  @ApiOkResponse({ type: TicketResponseDto })
  @ApiProblems(400, { 404: '`ticket_not_found`', 409: '`holder_name_locked` (the event has started), `invalid_ticket_state`' })
  async update(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() body: UpdateTicketRequestDto): Promise<TicketResponseDto> {
    return TicketResponseDto.from(await this.tickets.changeHolderName(actor, id, body.holderName));
  }
}
