import { Global, Module } from '@nestjs/common';
import { Metrics } from './metrics.js';

/** The process's Prometheus registry, injectable everywhere (counters of other modules live on it). */
@Global()
@Module({ providers: [Metrics], exports: [Metrics] })
export class MetricsModule {}
