import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, type INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Logger } from 'nestjs-pino';

/**
 * Whether this process has begun shutting down (readiness then answers `503 shutting_down`), and
 * the responses not yet started, so that each one still to be sent closes its connection.
 */
@Injectable()
export class ShutdownState {
  private isDraining = false;
  private readonly pending = new Set<Response>();

  get draining(): boolean {
    return this.isDraining;
  }

  /** From now on every response carries `Connection: close`, those of requests already in flight too. */
  beginDraining(): void {
    this.isDraining = true;
    for (const res of this.pending) if (!res.headersSent) res.setHeader('Connection', 'close');
  }

  /** Express middleware: tracks each response until it is sent; while draining, closes its connection. */
  readonly middleware = (_req: Request, res: Response, next: NextFunction): void => {
    if (this.isDraining) res.setHeader('Connection', 'close');
    else {
      this.pending.add(res);
      // 'close' follows 'finish' and also comes when the client goes away first: one listener.
      res.once('close', () => this.pending.delete(res));
    }
    next();
  };
}

/** Settings of {@link drainOnSignals}, in milliseconds. */
export interface DrainOptions {
  /** Readiness answers 503 for this long before the listener closes (time for a load balancer to notice); default 0. */
  delayMs: number;
  /** Past this, connections still open are destroyed and the process exits with code 1. */
  timeoutMs: number;
}

/**
 * Graceful stop on SIGTERM or SIGINT, in this order: readiness answers `503 shutting_down` and
 * every response carries `Connection: close`; after `delayMs` the listener closes (new connections
 * are refused; idle keep-alive ones are closed); requests in flight finish; then the application
 * closes (periodic jobs stop, the outbox worker finishes its batch, the database pool closes) and
 * the process exits 0. Whatever is left after `timeoutMs` is cut and the process exits 1. Replaces
 * Nest's `enableShutdownHooks`, which closes the listener only after every shutdown hook.
 */
export function drainOnSignals(app: INestApplication, options: DrainOptions): void {
  let started = false;
  const logger = app.get(Logger);
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (started) return;
    started = true;
    app.get(ShutdownState).beginDraining();
    const server = app.getHttpServer() as Server;
    const deadline = setTimeout(() => {
      logger.error(`Shutdown took longer than ${options.timeoutMs} ms: cutting open connections and exiting`);
      server.closeAllConnections();
      process.exit(1);
    }, options.timeoutMs);
    deadline.unref();
    logger.log(`${signal}: draining (readiness 503${options.delayMs ? `, listener closes in ${options.delayMs} ms` : ''})`);
    if (options.delayMs > 0) await sleep(options.delayMs);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    logger.log('No request in flight: closing the application');
    await app.close();
    clearTimeout(deadline);
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, (s) => void stop(s));
}
