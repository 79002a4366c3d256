import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '@app/shared';
import type { Actor } from '@app/shared';
import { CheckInService, PAYLOAD_PREFIX } from '@app/tickets';
import { Authorized, CurrentActor, DeviceAllowed } from '../http/authorization.js';
import { ApiPageResponse, ApiProblems } from '../http/openapi.decorators.js';
import { UuidParamPipe } from '../http/uuid-param.pipe.js';
import { BatchScanRequestDto, CheckInFeedQueryDto, ListCheckInsQueryDto, ScanRequestDto } from './dto/check-in.request.dto.js';
import {
  AttendanceResponseDto,
  BatchScanResponseDto,
  CheckInFeedResponseDto,
  CheckInKeyDto,
  CheckInKeysResponseDto,
  ScanRecordResponseDto,
  ScanResponseDto,
} from './dto/check-in.response.dto.js';

const SCAN_RESULTS_NOTE = 'A well-formed scan always answers `200` with a `result`; refusals are results, not errors. Every scan is logged.';

@ApiTags('check-ins')
@Controller()
export class CheckInsController {
  constructor(private readonly checkIns: CheckInService) {}

  @Post('check-ins')
  @DeviceAllowed()
  @Authorized(Role.Scanner, Role.Admin)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Scan a ticket at the gate',
    description: `Checks the ticket in when it is valid (\`ok\`); two scanners at once get exactly one \`ok\`. ${SCAN_RESULTS_NOTE} Idempotent by \`clientScanId\`.`,
  })
  @ApiOkResponse({ type: ScanResponseDto })
  @ApiProblems(400, { 404: '`event_not_found` (nothing logged)', 503: '`busy`' })
  async scan(@CurrentActor() actor: Actor, @Body() body: ScanRequestDto): Promise<ScanResponseDto> {
    return ScanResponseDto.from(await this.checkIns.scan(actor, body));
  }

  @Post('check-ins/verify')
  @DeviceAllowed()
  @Authorized(Role.Scanner, Role.Admin, Role.Viewer)
  @HttpCode(200)
  @ApiOperation({ summary: 'What a scan would answer', description: 'Same body and answer as `POST /check-ins`; changes nothing and logs nothing.' })
  @ApiOkResponse({ type: ScanResponseDto })
  @ApiProblems(400, { 404: '`event_not_found`' })
  async verify(@CurrentActor() actor: Actor, @Body() body: ScanRequestDto): Promise<ScanResponseDto> {
    return ScanResponseDto.from(await this.checkIns.verify(actor, body));
  }

  @Post('check-ins/batch')
  @DeviceAllowed()
  @Authorized(Role.Scanner, Role.Admin)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Upload offline scans',
    description:
      'Up to 500 scans made offline. Idempotent by `clientScanId` (per scanner and event). Decided in `scannedAt` order: when two devices admitted ' +
      'one ticket offline, the earliest scan is the check-in and the others are `already_checked_in`, whatever the arrival order. Results in the request order.',
  })
  @ApiOkResponse({ type: BatchScanResponseDto })
  @ApiProblems(400, { 404: '`event_not_found`', 503: '`busy`' })
  async batch(@CurrentActor() actor: Actor, @Body() body: BatchScanRequestDto): Promise<BatchScanResponseDto> {
    const outcomes = await this.checkIns.batch(actor, body.eventId, body.scans);
    return { results: outcomes.map(ScanResponseDto.from) };
  }

  @Get('events/:id/check-ins')
  @Authorized(Role.Admin, Role.Viewer, Role.Scanner)
  @ApiOperation({ summary: 'Scan log of an event', description: 'Every scan, accepted or refused, newest recorded first; filters `result`, `ticketId`.' })
  @ApiPageResponse(ScanRecordResponseDto, 'One page, newest recorded first.')
  @ApiProblems(400, { 404: '`event_not_found`' })
  async log(@Param('id', UuidParamPipe) id: string, @Query() query: ListCheckInsQueryDto) {
    const page = await this.checkIns.log(id, { result: query.result, ticketId: query.ticketId }, query.toPageRequest());
    return { data: page.data.map(ScanRecordResponseDto.from), nextCursor: page.nextCursor };
  }

  @Get('events/:id/attendance')
  @DeviceAllowed()
  @Authorized(Role.Admin, Role.Viewer, Role.Scanner)
  @ApiOperation({
    summary: 'Attendance of an event',
    description:
      'Tickets valid, checked in, not yet in and inside now: totals, per ticket type, accepted entries and exits per gate, and check-ins per UTC hour.',
  })
  @ApiOkResponse({ type: AttendanceResponseDto })
  @ApiProblems(400, { 404: '`event_not_found`' })
  async attendance(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<AttendanceResponseDto> {
    return AttendanceResponseDto.from(await this.checkIns.attendance(id, actor));
  }

  @Get('events/:id/check-in-keys')
  @DeviceAllowed()
  @Authorized(Role.Scanner, Role.Admin)
  @ApiOperation({
    summary: 'Public keys to verify ticket payloads offline',
    description: 'Ed25519 public keys (current first, then earlier keys still accepted). The payload format is in the README ("Ticket QR payload").',
  })
  @ApiOkResponse({ type: CheckInKeysResponseDto })
  @ApiProblems(400, { 404: '`event_not_found`' })
  async keys(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<CheckInKeysResponseDto> {
    return { eventId: id, payloadFormat: PAYLOAD_PREFIX, keys: (await this.checkIns.keys(id, actor)).map(CheckInKeyDto.from) };
  }

  @Get('events/:id/check-in-feed')
  @DeviceAllowed()
  @Authorized(Role.Scanner, Role.Admin)
  @ApiOperation({
    summary: 'Offline check-in feed',
    description:
      'Without `cursor` every ticket of the event; with one, only tickets changed since (issued, voided, checked in or out anywhere). `nextCursor` is always set: ' +
      'while `hasMore` is true follow it at once; once false, keep it and poll with it later. A ticket may come again: upsert by `ticketId`. Codes are ' +
      'SHA-256 hashes and holder names are sealed per ticket with its code (README, "Offline check-in feed"), so the feed alone reveals no attendee.',
  })
  @ApiOkResponse({ type: CheckInFeedResponseDto })
  @ApiProblems(400, { 404: '`event_not_found`' })
  async feed(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Query() query: CheckInFeedQueryDto): Promise<CheckInFeedResponseDto> {
    return CheckInFeedResponseDto.from(await this.checkIns.feed(actor, id, query.cursor, query.limit));
  }
}
