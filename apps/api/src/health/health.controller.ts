import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@app/shared';
import { DatabaseHealth, RedisConnection } from '@app/infrastructure';
import { Public } from '../http/authorization.js';
import { ShutdownState } from '../http/graceful-shutdown.js';
import { ApiProblems } from '../http/openapi.decorators.js';

class LivenessDto {
  @ApiProperty({ example: 'ok' })
  status: 'ok';
}

class ReadinessDto {
  @ApiProperty({ enum: ['ok', 'degraded'], example: 'ok', description: '`degraded`: Redis is down; the API serves on, rate limits fail open.' })
  status: 'ok' | 'degraded';

  @ApiProperty({ example: { database: 'up', redis: 'up' }, description: '`redis` only when REDIS_URL is set.' })
  checks: Record<string, 'up' | 'down'>;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: DatabaseHealth,
    private readonly redis: RedisConnection,
    private readonly shutdown: ShutdownState,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Liveness: the process serves requests',
    description: 'Always `200 {status: ok}` while the process serves HTTP; checks no dependency (see readiness).',
  })
  @ApiOkResponse({ type: LivenessDto })
  live(): LivenessDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @ApiOperation({
    summary: 'Readiness: the database answers',
    description:
      '`503 not_ready` with `checks` when the database is down; `503 shutting_down` once the process has received SIGTERM (it finishes what is in flight and exits). ' +
      'Redis (when configured) is reported but does not fail readiness: without it rate limits fail open.',
  })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiProblems({ 503: '`not_ready`, with `checks`; `shutting_down`' })
  async ready(): Promise<ReadinessDto> {
    if (this.shutdown.draining) throw new DomainError('shutting_down', 'unavailable', 'This server is shutting down.');
    const [database, redis] = await Promise.all([this.database.isUp(), this.redis.client ? this.redis.isUp() : undefined]);
    const checks: Record<string, 'up' | 'down'> = { database: database ? 'up' : 'down' };
    if (redis !== undefined) checks.redis = redis ? 'up' : 'down';
    if (!database) throw new DomainError('not_ready', 'unavailable', 'A dependency is down.', { extra: { checks } });
    return { status: checks.redis === 'down' ? 'degraded' : 'ok', checks };
  }
}
