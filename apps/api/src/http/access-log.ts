import { currentRequestContext } from '@app/shared';
import type { NextFunction, Request, Response } from 'express';
import type { LogFn } from 'pino';

/** What the access log needs of a pino logger. */
export interface AccessLogger {
  isLevelEnabled(level: string): boolean;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

/** Paths with no access-log line: probes and scrapes, every few seconds each. */
const UNLOGGED = /^\/(api\/v1\/health|metrics)/;

/**
 * The pino `mixin` of the application's logger: every line written while serving a request
 * carries its id (`reqId`), read from the request context when the line is written. No logger is
 * made per request (pino-http made two, and serialized the request's headers into one of them on
 * every request, whatever the log level).
 */
export function requestIdMixin(): { reqId?: string } {
  const context = currentRequestContext();
  return context ? { reqId: context.requestId } : {};
}

/**
 * One lean access-log line per request, when its response is finished (or the client went away):
 * `reqId`, `method`, `url`, `statusCode`, `responseTime` (ms) and `userId` when the request was
 * authenticated; no headers. `info`, or `error` for a 5xx; `warn` and "request aborted" for a
 * response cut off before its end. Health and metrics are not logged.
 */
export function accessLogMiddleware(logger: AccessLogger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (UNLOGGED.test(req.url)) return next();
    const started = process.hrtime.bigint();
    const done = () => {
      res.removeListener('finish', done);
      res.removeListener('close', done);
      const status = res.statusCode;
      const level = !res.writableFinished ? 'warn' : status >= 500 ? 'error' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const line: Record<string, unknown> = {
        reqId: (req as Request & { id?: string }).id,
        method: req.method,
        url: req.originalUrl,
        statusCode: status,
        responseTime: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
      };
      const userId = (req.user as { userId?: string } | undefined)?.userId;
      if (userId) line.userId = userId;
      logger[level](line, res.writableFinished ? 'request completed' : 'request aborted');
    };
    res.on('finish', done);
    res.on('close', done);
    next();
  };
}
