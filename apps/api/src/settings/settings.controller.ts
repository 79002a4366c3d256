import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SettingsService } from '@app/settings';
import { canReadAll, Role } from '@app/shared';
import type { Actor } from '@app/shared';
import { Authorized, CurrentActor, OptionalAuth } from '../http/authorization.js';
import { ApiProblems } from '../http/openapi.decorators.js';
import { SettingsResponseDto, UpdateSettingsRequestDto } from './dto/settings.dto.js';

@ApiTags('settings')
@Controller('settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @OptionalAuth()
  @ApiOperation({
    summary: "The organisation's settings",
    description:
      'Anyone sees the public part: `name`, `supportEmail`, `logoUrl`, `manualPaymentInstructions`. Admins and viewers also see `defaultCurrency`, `defaultTimezone`, `updatedBy` and `updatedAt`. ' +
      'Until an admin saves settings the defaults apply (`Ticketing`, `NGN`, `Africa/Lagos`, no support address or logo; `updatedAt` null).',
  })
  @ApiOkResponse({ type: SettingsResponseDto })
  async get(@CurrentActor() actor?: Actor): Promise<SettingsResponseDto> {
    const settings = await this.settings.get();
    return actor && canReadAll(actor) ? SettingsResponseDto.from(settings) : SettingsResponseDto.public(settings);
  }

  @Put()
  @Authorized(Role.Admin)
  @ApiOperation({
    summary: "Replace the organisation's settings",
    description:
      'Every field but `logoUrl` is required (a missing `logoUrl` removes the logo). `supportEmail` an e-mail address, `logoUrl` an `http(s)` URL, `defaultCurrency` an active ISO 4217 code, `defaultTimezone` an IANA time zone. ' +
      'Audited as `settings.updated` with the changed fields.',
  })
  @ApiOkResponse({ type: SettingsResponseDto })
  @ApiProblems({ 400: '`validation_failed` (`errors` names each bad field)' })
  async update(@CurrentActor() actor: Actor, @Body() body: UpdateSettingsRequestDto): Promise<SettingsResponseDto> {
    return SettingsResponseDto.from(await this.settings.update(actor, body));
  }
}
