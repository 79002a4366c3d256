import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Header, Inject, Req, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@app/shared';
import type { Request } from 'express';
import { AppConfig } from '../config/app-config.js';
import { Public } from '../http/authorization.js';
import { ApiProblems } from '../http/openapi.decorators.js';
import { Metrics } from './metrics.js';

/** `GET /metrics` in Prometheus text format; protected by METRICS_TOKEN when it is set. */
@ApiTags('health')
@Controller({ path: 'metrics', version: VERSION_NEUTRAL })
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Prometheus metrics',
    description:
      'Prometheus text exposition format: request counts and latency histograms by route template and status, Node process metrics. ' +
      'Outside the versioned base path. Public unless `METRICS_TOKEN` is set; then `Authorization: Bearer <METRICS_TOKEN>` (not a user token) is required.',
  })
  @ApiSecurity('metricsToken') // the METRICS_TOKEN when one is configured ...
  @ApiSecurity({}) // ... else none
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'The metrics (`text/plain; version=0.0.4`).',
    content: { 'text/plain': { schema: { type: 'string', example: 'http_requests_total{method="GET",route="/api/v1/health",status="200"} 42\n' } } },
  })
  @ApiProblems({ 401: '`unauthorized`: METRICS_TOKEN is set and was not sent' })
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(@Req() req: Request): Promise<string> {
    const token = this.config.METRICS_TOKEN;
    const authorization = req.headers.authorization;
    if (token) {
      const given = Buffer.from(authorization?.replace(/^Bearer\s+/i, '') ?? '');
      const expected = Buffer.from(token);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new DomainError('unauthorized', 'unauthorized', 'Send Authorization: Bearer <METRICS_TOKEN>.');
      }
    }
    return this.metrics.registry.metrics();
  }
}
