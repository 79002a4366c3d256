import { randomUUID } from 'node:crypto';
import { runWithRequestContext } from '@app/shared';
import type { NextFunction, Request, Response } from 'express';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * First middleware of every request: takes a well-formed `X-Request-Id` or makes one, echoes it,
 * and runs the rest of the request inside a context that carries it with the client's ip and
 * user agent (for logs and the audit trail).
 */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.headers['x-request-id'];
  const requestId = typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  (req as Request & { id: string }).id = requestId;
  res.setHeader('X-Request-Id', requestId);
  runWithRequestContext({ requestId, ip: req.ip, userAgent: req.headers['user-agent'] }, next);
}
