import { INestApplication, NotFoundException, RequestMethod, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import compression from 'compression';
import helmet from 'helmet';
import { Logger, PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { ValidationFailedError } from '@app/shared';
import { HealthController } from './health/health.controller.js';
import { ShutdownState } from './http/graceful-shutdown.js';
import { inputProblems } from './http/input-guard.js';
import { renderProblem } from './http/problem-details.filter.js';
import { PROBLEM_CONTENT_TYPE } from './http/problem-details.js';
import { requestContextMiddleware } from './http/request-context.middleware.js';
import { accessLogMiddleware } from './http/access-log.js';
import { Metrics } from './metrics/metrics.js';
import { setupOpenApi } from './openapi/openapi.js';
import { BACKOFFICE_CSP, SCANNER_CSP, serveWebApp, webAppDir } from './http/web-app.js';

/**
 * Builds the configured Nest application (not yet listening), shared by `main.ts` and the tests;
 * the HTTP conventions are set in {@link configureApp}.
 */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    bufferLogs: true,
    bodyParser: false,
    rawBody: true,
    abortOnError: false,
  });
  configureApp(app, config);
  return app;
}

/** Applies the HTTP conventions of docs/api.md to an application instance. */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use(requestContextMiddleware);
  // The root logger (nestjs-pino sets it while the app is created).
  app.use(accessLogMiddleware(PinoLogger.root));
  app.use(app.get(ShutdownState).middleware);
  app.use(app.get(Metrics).middleware);
  // gzip where it pays: the offline check-in feed (about 380 bytes of JSON a ticket, 3.4x smaller
  // gzipped) and the web apps' files. Hot JSON routes stay uncompressed (small bodies, CPU first).
  for (const path of ['/api/v1/events/:id/check-in-feed', '/admin', '/scan']) app.use(path, compression());
  const apiHelmet = helmet({
    // Swagger UI needs inline styles and its own scripts; the API itself serves no HTML.
    contentSecurityPolicy: { directives: { 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] } },
  });
  // The web apps set their own CSP on their own paths; everything else keeps the API's.
  const appPaths: string[] = [];
  app.use((req: Request, res: Response, next: NextFunction) =>
    appPaths.some((p) => req.path === p || req.path.startsWith(`${p}/`)) ? next() : apiHelmet(req, res, next),
  );
  appPaths.push(...serveWebApp(app, '/admin', webAppDir('backoffice'), BACKOFFICE_CSP));
  appPaths.push(...serveWebApp(app, '/scan', webAppDir('scanner'), SCANNER_CSP));
  const origins = config.corsOrigins;
  if (origins) {
    app.enableCors({
      origin: origins === '*' ? true : origins,
      exposedHeaders: ['X-Request-Id', 'Retry-After', 'Idempotent-Replayed'],
    });
  }
  app.useBodyParser('json', { limit: config.BODY_LIMIT, type: ['application/json', 'application/*+json'] });
  refuseUnstorableInput(app, config);
  serveOutsideApi(app, config);
  configureRouting(app);
  setupOpenApi(app);
}

/**
 * Routes live under `/api/v1` (`/metrics` excepted): the global prefix and URI versioning, shared
 * by the server and the CLI's OpenAPI export, so the exported document has the served paths.
 */
export function configureRouting(app: INestApplication): void {
  app.setGlobalPrefix('api', { exclude: [{ path: 'metrics', method: RequestMethod.GET }] });
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
}

/** Paths Nest routes: everything under the global prefix, and `/metrics`. */
const NEST_ROOTS = /^\/(api|metrics)(\/|$)/;

/**
 * What the server answers outside `/api`: `GET /health` and `/ping` for keep-alive monitors (the
 * same body as `/api/v1/health`), and a problem+json `404 route_not_found` for any other path, where
 * Express would send its HTML page (Nest's not-found handler covers the global prefix only).
 */
function serveOutsideApi(app: NestExpressApplication, config: AppConfig): void {
  const health = app.get(HealthController);
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (NEST_ROOTS.test(req.path)) return next();
    if ((req.method === 'GET' || req.method === 'HEAD') && (req.path === '/health' || req.path === '/ping')) {
      res.json(health.live());
      return;
    }
    const problem = renderProblem(new NotFoundException(`Cannot ${req.method} ${req.path}`), req, config.ERROR_TYPE_BASE_URL);
    res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem.body));
  });
}

/**
 * One check for every request, before routing and validation: the path, the query string and the
 * parsed JSON body must hold no NUL or lone UTF-16 surrogate (PostgreSQL cannot store them: they
 * failed deep inside as 500s), and the body must not nest deeper than MAX_INPUT_DEPTH (a 5,000-level
 * body overflowed class-transformer's stack). Refused with `400 validation_failed`, naming the field.
 */
function refuseUnstorableInput(app: NestExpressApplication, config: AppConfig): void {
  app.use((req: Request, res: Response, next: NextFunction) => {
    const errors = [...pathProblems(req.path), ...inputProblems(req.query, 'query'), ...inputProblems(req.body, 'body')];
    if (errors.length === 0) return next();
    const problem = renderProblem(new ValidationFailedError(errors), req, config.ERROR_TYPE_BASE_URL);
    res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem.body));
  });
}

function pathProblems(path: string) {
  try {
    return inputProblems(decodeURIComponent(path), 'path');
  } catch {
    return [{ field: 'path', message: 'path is not valid percent-encoded UTF-8' }];
  }
}
