import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of this process: HTTP request counts and latencies by route and status, plus Node's defaults. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  private readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  private readonly duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency in seconds by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  /** Rate-limit checks that failed open because the shared store (Redis) was unreachable. */
  readonly rateLimitStorageErrors = new Counter({
    name: 'rate_limit_storage_errors_total',
    help: 'Rate-limit checks that could not reach the shared store and were allowed (fail open).',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Express middleware that observes every response once it is finished. */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const stop = this.duration.startTimer();
    res.once('finish', () => {
      // The route template (never the raw path, so ids do not explode label cardinality).
      const path = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : undefined;
      const route = path && !path.includes('*') ? path : 'unmatched';
      const labels = { method: req.method, route, status: String(res.statusCode) };
      this.requests.inc(labels);
      stop(labels);
    });
    next();
  };
}
