import { once } from 'node:events';
import { createServer, request, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { runWithRequestContext } from '@app/shared';
import type { NextFunction, Request, Response } from 'express';
import { pino } from 'pino';
import { accessLogMiddleware, requestIdMixin } from './access-log.js';

/** A pino logger (with the app's mixin) writing into `lines`. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  return { lines, logger: pino({ level: 'info', mixin: requestIdMixin }, sink) };
}

/** A server running the middleware, then `handler`; requests get `req.id` as the request-id middleware gives it. */
async function serve(logger: ReturnType<typeof capture>['logger'], handler: (req: Request, res: Response) => void): Promise<{ server: Server; url: string }> {
  const log = accessLogMiddleware(logger);
  const server = createServer((req, res) => {
    const r = req as unknown as Request & { id: string };
    r.id = String(req.headers['x-request-id']);
    r.originalUrl = req.url!;
    log(r, res as unknown as Response, (() => handler(r, res as unknown as Response)) as NextFunction);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('accessLogMiddleware', () => {
  it('logs a 5xx at error level and a response cut off by the client as aborted, at warn', async () => {
    const { lines, logger } = capture();
    const { server, url } = await serve(logger, (req, res) => {
      if (req.url === '/boom') {
        res.statusCode = 503;
        res.end('{}');
      } else res.write('partial'); // never ended
    });
    await fetch(`${url}/boom`, { headers: { 'x-request-id': 'r-boom' } });
    await new Promise<void>((resolve) => {
      const req = request(`${url}/slow`, { headers: { 'x-request-id': 'r-cut' } }, (res) => res.once('data', () => (req.destroy(), resolve())));
      req.on('error', () => undefined);
      req.end();
    });
    await until(() => lines.length >= 2);
    server.close();
    expect(lines.map((l) => [l.reqId, l.level, l.statusCode, l.msg])).toEqual([
      ['r-boom', 50, 503, 'request completed'],
      ['r-cut', 40, 200, 'request aborted'],
    ]);
  });

  it('writes nothing and reads nothing more when the level is off', async () => {
    const { lines, logger } = capture();
    logger.level = 'warn';
    const { server, url } = await serve(logger, (_req, res) => res.end('ok'));
    await fetch(`${url}/quiet`, { headers: { 'x-request-id': 'r-quiet' } });
    server.close();
    expect(lines).toEqual([]);
  });
});

describe('requestIdMixin', () => {
  it('puts the current request id on every line written inside a request, and nothing outside one', () => {
    const { lines, logger } = capture();
    runWithRequestContext({ requestId: 'ctx-1' }, () => logger.warn({ detail: 1 }, 'inside'));
    logger.warn('outside');
    expect(lines.map((l) => [l.msg, l.reqId])).toEqual([
      ['inside', 'ctx-1'],
      ['outside', undefined],
    ]);
  });
});
