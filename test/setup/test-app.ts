import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import request from 'supertest';
import { createApp } from '../../apps/api/src/app.js';
import { AppConfig, loadConfig } from '../../apps/api/src/config/app-config.js';
import { servedOpenApiDocument } from '../../apps/api/src/openapi/openapi.js';
import { OpenApiResponseValidator, validatingClient } from './openapi-validation.js';
import { freshEmbeddedDataDir } from './embedded-template.js';
import { provisionTestDatabase, TestDatabase } from './test-database.js';
import { TEST_JWT_SECRET, TEST_TICKET_SIGNING_KEY } from './test-secrets.js';

// In a module of their own so the service tier (service-module.ts) shares them without loading the HTTP app.
export { TEST_JWT_SECRET, TEST_TICKET_SIGNING_KEY } from './test-secrets.js';

/** Passport keeps its strategies in a process-wide registry, so one test file runs one app at a time. */
let liveApp = false;

/** A running API on a loopback port, with its own database, driven over real HTTP. */
export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /**
   * A supertest client bound to the server's URL (real HTTP). Every response it receives is
   * validated against the OpenAPI document first (see openapi-validation.ts): one the document
   * does not allow fails the request, whatever the test expects.
   */
  http: () => ReturnType<typeof request>;
  /** The database URL when running on PostgreSQL (null on the embedded database). */
  databaseUrl: string | null;
  close(): Promise<void>;
}

/**
 * Boots the real application (all modules, guards, filters) on an ephemeral port. Environment
 * overrides go through the same validation as production configuration. Rate limits are off unless
 * a test turns them on.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: {
    database?: TestDatabase | null;
    /** Paths (not under /api, or the document's own renderings) this test sends raw or invalid things to, left unvalidated. */
    unvalidatedPaths?: RegExp[];
  } = {},
): Promise<TestApp> {
  if (liveApp) throw new Error('One test app per test file at a time: close the first before starting another.');
  liveApp = true;
  const database = options.database !== undefined ? options.database : await provisionTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'ticketing-test-'));
  // The embedded database, unless the test names its own: a copy of the migrated template.
  const embeddedDir = !database && !env.DATABASE_URL && !env.EMBEDDED_DATABASE_DIR ? await freshEmbeddedDataDir() : null;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    TICKET_SIGNING_KEY: TEST_TICKET_SIGNING_KEY,
    DATA_DIR: dataDir,
    RATE_LIMIT_ENABLED: 'false',
    // Abuse limits off unless a test is about them (as rate limits are): their own tests set them.
    TRANSFER_OFFERS_PER_SENDER_PER_HOUR: '10000',
    TRANSFER_OFFERS_PER_RECIPIENT_PER_DAY: '10000',
    TRANSFER_CANCEL_COOLDOWN_MINUTES: '0',
    ...(database ? { DATABASE_URL: database.url, MIGRATIONS_RUN: 'false' } : { EMBEDDED_DATABASE_DIR: embeddedDir ?? 'memory://' }),
    ...env,
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  let closed = false;
  let validator: OpenApiResponseValidator | undefined;
  const openApi = () => (validator ??= sharedValidator(app, options.unvalidatedPaths ?? []));
  return {
    app,
    config,
    url,
    http: () => validatingClient(request(url), openApi),
    databaseUrl: database?.url ?? null,
    async close() {
      if (closed) return;
      closed = true;
      liveApp = false;
      await app.close();
      if (options.database === undefined) await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
      if (embeddedDir) rmSync(embeddedDir, { recursive: true, force: true });
    },
  };
}

/** Validators made in this jest file, by the controller classes of their app and the paths they skip. */
const validators: { controllers: Type[]; skipPaths: string[]; validator: OpenApiResponseValidator }[] = [];

/**
 * The validator of the document `app` serves. Built from the first app of this jest file with the
 * same controller classes: the document is a function of those classes and their decorators alone
 * (buildOpenApiDocument reads no configuration), so every such app serves the same one. The specs
 * of a group file then build one document (about 150 ms of CPU with @nestjs/swagger) and compile
 * each response schema once (ajv), instead of once per spec. An app whose configuration mounts
 * other controllers gets a validator of its own.
 */
function sharedValidator(app: NestExpressApplication, skipPaths: RegExp[]): OpenApiResponseValidator {
  const controllers = [...app.get(ModulesContainer).values()].flatMap((module) => [...module.controllers.values()].map((wrapper) => wrapper.metatype as Type));
  const skipped = skipPaths.map(String);
  const same = <T>(a: T[], b: T[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  const found = validators.find((v) => same(v.controllers, controllers) && same(v.skipPaths, skipped));
  if (found) return found.validator;
  const validator = new OpenApiResponseValidator(servedOpenApiDocument(app)!, skipPaths);
  validators.push({ controllers, skipPaths: skipped, validator });
  return validator;
}
