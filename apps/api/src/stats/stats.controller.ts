import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StatsService } from '@app/events';
import { Role } from '@app/shared';
import { Authorized } from '../http/authorization.js';
import { StatsOverviewResponseDto } from './dto/stats.dto.js';

@ApiTags('stats')
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get('overview')
  @Authorized(Role.Admin, Role.Viewer)
  @ApiOperation({
    summary: 'Totals across events',
    description:
      'For the back-office dashboard: events by effective status (a published event past its end is `completed`), bookings by status, seats sold and tickets checked in, ' +
      'revenue and refunded per currency (minor units), payments awaiting review, refunds pending and in progress.',
  })
  @ApiOkResponse({ type: StatsOverviewResponseDto })
  async overview(): Promise<StatsOverviewResponseDto> {
    return StatsOverviewResponseDto.from(await this.stats.overview());
  }
}
