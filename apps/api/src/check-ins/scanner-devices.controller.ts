import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '@app/shared';
import type { Actor } from '@app/shared';
import { ScannerDevicesService } from '@app/tickets';
import { Authorized, CurrentActor, Public } from '../http/authorization.js';
import { ApiPageResponse, ApiProblems } from '../http/openapi.decorators.js';
import { PageQueryDto } from '../http/pagination.dto.js';
import { RateLimit } from '../http/rate-limit.js';
import { UuidParamPipe } from '../http/uuid-param.pipe.js';
import {
  CreatedScannerDeviceResponseDto,
  CreateScannerDeviceRequestDto,
  PairedScannerDeviceResponseDto,
  PairScannerDeviceRequestDto,
  ScannerDeviceResponseDto,
} from './dto/scanner-device.dto.js';

/**
 * Scanner devices: a gate credential for one event (and gate) that an admin creates and a phone
 * pairs by a one-time code, so that no personal password is typed at the gate.
 */
@ApiTags('scanner-devices')
@Controller()
export class ScannerDevicesController {
  constructor(private readonly devices: ScannerDevicesService) {}

  @Post('events/:id/scanner-devices')
  @Authorized(Role.Admin)
  @ApiOperation({
    summary: 'Create a scanner device',
    description:
      'Answers the device and a one-time pairing code (shown once; works for 10 minutes). The scanner app at `/scan` exchanges it for a device token. ' +
      'The token stops working at `expiresAt` (default: the event’s end) or when revoked. Audited.',
  })
  @ApiCreatedResponse({ type: CreatedScannerDeviceResponseDto })
  @ApiProblems(400, { 404: '`event_not_found`' })
  async create(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: CreateScannerDeviceRequestDto,
  ): Promise<CreatedScannerDeviceResponseDto> {
    const { device, pairingCode } = await this.devices.create(actor, id, body);
    return { device: ScannerDeviceResponseDto.from(device), pairingCode, pairingExpiresAt: device.pairingExpiresAt.toISOString() };
  }

  @Get('events/:id/scanner-devices')
  @Authorized(Role.Admin, Role.Viewer)
  @ApiOperation({ summary: 'Scanner devices of an event', description: 'Newest first, with `status` and `lastSeenAt`.' })
  @ApiPageResponse(ScannerDeviceResponseDto)
  @ApiProblems(400, { 404: '`event_not_found`' })
  async list(@Param('id', UuidParamPipe) id: string, @Query() query: PageQueryDto) {
    const page = await this.devices.list(id, query.toPageRequest());
    return { data: page.data.map(ScannerDeviceResponseDto.from), nextCursor: page.nextCursor };
  }

  @Post('scanner-devices/pair')
  @Public()
  @RateLimit('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Pair a scanner device',
    description: 'Exchanges a pairing code for the device token, once. Rate limited per IP like sign-in (RATE_LIMIT_LOGIN). Audited.',
  })
  @ApiOkResponse({ type: PairedScannerDeviceResponseDto })
  @ApiProblems({ 400: '`invalid_pairing_code` (unknown, used, expired or revoked), `validation_failed`', 429: '`rate_limited`' })
  async pair(@Body() body: PairScannerDeviceRequestDto): Promise<PairedScannerDeviceResponseDto> {
    const { deviceToken, device } = await this.devices.pair(body.pairingCode);
    return { deviceToken, device: ScannerDeviceResponseDto.from(device), eventId: device.eventId };
  }

  @Post('scanner-devices/:id/revoke')
  @Authorized(Role.Admin)
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a scanner device', description: 'Its token is refused (401 `device_revoked`) from its next request. Idempotent. Audited.' })
  @ApiOkResponse({ type: ScannerDeviceResponseDto })
  @ApiProblems(400, { 404: '`scanner_device_not_found`' })
  async revoke(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<ScannerDeviceResponseDto> {
    return ScannerDeviceResponseDto.from(await this.devices.revoke(actor, id));
  }
}
