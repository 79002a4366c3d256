import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@app/shared';
import { DatabaseHealth } from '@app/infrastructure';
import { Public } from '../http/authorization.js';
import { ApiProblems } from '../http/openapi.decorators.js';

class LivenessDto {
  @ApiProperty({ example: 'ok' })
  status: 'ok';
}

class ReadinessDto {
  @ApiProperty({ example: 'ok' })
  status: 'ok';

  @ApiProperty({ example: { database: 'up' } })
  checks: Record<string, 'up' | 'down'>;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly database: DatabaseHealth) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness: the process serves requests' })
  @ApiOkResponse({ type: LivenessDto })
  live(): LivenessDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @ApiOperation({ summary: 'Readiness: the database answers', description: '`503 not_ready` with `checks` when a dependency is down.' })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiProblems({ 503: '`not_ready`, with `checks`' })
  async ready(): Promise<ReadinessDto> {
    const checks = { database: (await this.database.isUp()) ? 'up' : 'down' } as const;
    if (checks.database !== 'up') throw new DomainError('not_ready', 'unavailable', 'A dependency is down.', { extra: { checks } });
    return { status: 'ok', checks };
  }
}
