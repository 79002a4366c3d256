import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Header, Headers, Inject, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DomainError } from '@app/shared';
import { AppConfig } from '../config/app-config.js';
import { Public } from '../http/authorization.js';
import { Metrics } from './metrics.js';

/** `GET /metrics` in Prometheus text format; protected by METRICS_TOKEN when it is set. */
@ApiExcludeController()
@Controller({ path: 'metrics', version: VERSION_NEUTRAL })
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(@Headers('authorization') authorization?: string): Promise<string> {
    const token = this.config.METRICS_TOKEN;
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
