import { INestApplication, RequestMethod, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { requestContextMiddleware } from './http/request-context.middleware.js';
import { Metrics } from './metrics/metrics.js';
import { setupOpenApi } from './openapi/openapi.js';
import { BACKOFFICE_CSP, serveWebApp, webAppDir } from './http/web-app.js';

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

/** Applies the HTTP conventions of API.md to an application instance. */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use(requestContextMiddleware);
  app.use(app.get(Metrics).middleware);
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
  const origins = config.corsOrigins;
  if (origins) {
    app.enableCors({
      origin: origins === '*' ? true : origins,
      exposedHeaders: ['X-Request-Id', 'Retry-After', 'Idempotent-Replayed'],
    });
  }
  app.useBodyParser('json', { limit: config.BODY_LIMIT, type: ['application/json', 'application/*+json'] });
  configureRouting(app);
  app.enableShutdownHooks();
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
