import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  createDataSource,
  describeSchema,
  migrationStatus,
  OutboxWorker,
  renderSchemaTypes,
  revertLastMigration,
  runMigrations,
  SCHEMA_TYPES_FILE,
  schemaTypesDrift,
} from '@app/infrastructure';
import { Role } from '@app/shared';
import { newAccountErrors, newAccountPhone, UsersService } from '@app/users';
import { MIGRATIONS } from '../../../migrations/index.js';
import { AppConfig, ConfigError, loadConfig } from './config/app-config.js';

// The app's modules (the Nest application, the demo seed, the OpenAPI document) are imported by
// the commands that need them: loading them is about half a second of every CLI start, which the
// migration and schema commands (run by deploy scripts and tests, often several in a row) skip.
const appModule = async () => (await import('./app.module.js')).AppModule;
const nestFactory = async () => (await import('@nestjs/core')).NestFactory;

const USAGE = `Usage: npm run cli -- <command> [options]

  create-admin --email E --password P [--name N] [--phone +234…]
                                                   create an admin account
  migration:run                                    apply pending migrations
  migration:revert                                 revert the newest migration
  migration:status                                 list applied and pending migrations
  migration:check                                  migrate, then fail if ${SCHEMA_TYPES_FILE}
                                                   differs from the migrated schema (drift check)
  schema:types [--out FILE]                        migrate, then rewrite ${SCHEMA_TYPES_FILE}
                                                   (the row type of every table) from the schema
  openapi:export [--out openapi/openapi.json]      write the OpenAPI document
  mail:drain                                       send every e-mail that is due now, then exit
  seed:demo [--force]                              fill the database with demo data (events, bookings, staff,
                                                   customers; passwords printed once); refused when it
                                                   already has events, unless --force

The database is DATABASE_URL, or the embedded one under DATA_DIR (for migration:check and
schema:types, a throw-away in-memory one). A CLI process runs no periodic jobs and no outbox
worker, whatever JOBS_ENABLED and MAIL_WORKER_ENABLED say.`;

/**
 * The configuration of a CLI command: the environment, with `overrides`, and never background work
 * (periodic jobs, outbox polling) in this short-lived process; `mail:drain` sends explicitly.
 */
function cliConfig(overrides: Record<string, string | undefined> = {}): AppConfig {
  return loadConfig({ ...process.env, ...overrides, JOBS_ENABLED: 'false', MAIL_WORKER_ENABLED: 'false' });
}

function databaseOptions(config: AppConfig) {
  return {
    url: config.DATABASE_URL,
    poolSize: 2,
    embeddedDir: config.embeddedDatabaseDir,
    migrationsRun: false,
    migrations: MIGRATIONS,
  };
}

async function withDataSource<T>(config: AppConfig, work: (ds: Awaited<ReturnType<typeof createDataSource>>) => Promise<T>): Promise<T> {
  const dataSource = await createDataSource(databaseOptions(config));
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** The repository root (this file is `dist/apps/api/src/cli.js`): the committed row types are read and written there, whatever the working directory. */
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * The configuration of the schema commands: DATABASE_URL when set (an empty database, as in CI),
 * else a throw-away in-memory embedded database, so the schema is the migrations' alone and the
 * database under DATA_DIR is left as it is.
 */
function schemaConfig(): AppConfig {
  return cliConfig(process.env.DATABASE_URL ? {} : { EMBEDDED_DATABASE_DIR: 'memory://' });
}

/** Applies pending migrations, then renders the row types of the schema they built. */
async function migratedSchemaTypes(dataSource: Awaited<ReturnType<typeof createDataSource>>): Promise<string> {
  await runMigrations(dataSource);
  return renderSchemaTypes(await describeSchema(dataSource));
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      phone: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean' },
    },
  });
  const [command] = positionals;
  if (existsSync('.env')) process.loadEnvFile('.env');

  switch (command) {
    case 'create-admin': {
      if (values.email === undefined || values.password === undefined) throw new UsageError('create-admin needs --email and --password');
      const account = {
        email: values.email,
        password: values.password,
        name: values.name ?? 'Administrator',
        ...(values.phone !== undefined ? { phone: values.phone } : {}),
      };
      const problems = newAccountErrors(account);
      if (problems.length) throw new UsageError(`create-admin: ${problems.map((p) => `\n  - ${p.field}: ${p.message}`).join('')}`);
      const config = cliConfig({ ADMIN_EMAIL: undefined, ADMIN_PASSWORD: undefined, LOG_LEVEL: 'warn' });
      const app = await (await nestFactory()).createApplicationContext((await appModule()).register(config), { logger: ['error', 'warn'] });
      try {
        const user = await app.get(UsersService).create(null, { ...account, phone: newAccountPhone(account), roles: [Role.Admin] });
        console.log(`Created admin ${user.email} (${user.id})`);
      } finally {
        await app.close();
      }
      return 0;
    }
    case 'mail:drain': {
      const config = cliConfig({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
      const app = await (await nestFactory()).createApplicationContext((await appModule()).register(config), { logger: ['error', 'warn'] });
      try {
        const sent = await app.get(OutboxWorker).drain();
        console.log(`Sent ${sent} message(s).`);
      } finally {
        await app.close();
      }
      return 0;
    }
    case 'seed:demo': {
      const config = cliConfig({ ADMIN_EMAIL: undefined, ADMIN_PASSWORD: undefined, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
      const { DemoDataExistsError, formatCounts, formatCredentials, seedDemo } = await import('./demo/demo-seed.js');
      try {
        const { credentials, counts } = await seedDemo(config, { force: values.force === true });
        console.log(
          `Demo data added. The database now holds:\n${formatCounts(counts)}\n\nAccounts (passwords are shown this once):\n${formatCredentials(credentials)}`,
        );
      } catch (error) {
        if (!(error instanceof DemoDataExistsError)) throw error;
        console.error(error.message);
        return 1;
      }
      return 0;
    }
    case 'migration:run': {
      const applied = await withDataSource(cliConfig(), runMigrations);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
      return 0;
    }
    case 'migration:status': {
      const { applied, pending } = await withDataSource(cliConfig(), migrationStatus);
      for (const m of applied) console.log(`applied  ${m.name}`);
      for (const m of pending) console.log(`pending  ${m.name}`);
      console.log(
        `${applied.length} applied, ${pending.length} pending.${pending.length ? ' Run `npm run migration:run` (the server also applies them at start).' : ''}`,
      );
      return 0;
    }
    case 'migration:revert':
      await withDataSource(cliConfig(), revertLastMigration);
      console.log('Reverted the newest migration.');
      return 0;
    case 'migration:check': {
      const generated = await withDataSource(schemaConfig(), migratedSchemaTypes);
      const file = join(REPO_ROOT, SCHEMA_TYPES_FILE);
      const committed = existsSync(file) ? readFileSync(file, 'utf8') : '';
      const drift = schemaTypesDrift(committed, generated);
      if (drift.length === 0) {
        console.log(`Schema drift check: ${SCHEMA_TYPES_FILE} matches the migrated schema.`);
        return 0;
      }
      console.error(
        `Schema drift: ${SCHEMA_TYPES_FILE} differs from the schema the migrations build (- committed, + migrated). ` +
          `Run \`npm run schema:types\` and commit the file.\n${drift.join('\n')}`,
      );
      return 1;
    }
    case 'schema:types': {
      const out = values.out ? resolve(values.out) : join(REPO_ROOT, SCHEMA_TYPES_FILE);
      writeFileSync(out, await withDataSource(schemaConfig(), migratedSchemaTypes));
      console.log(`Wrote ${out}`);
      return 0;
    }
    case 'openapi:export': {
      const out = resolve(values.out ?? 'openapi/openapi.json');
      const document = await exportOpenApi();
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
      console.log(`Wrote ${out}`);
      return 0;
    }
    default:
      console.log(USAGE);
      return command ? 2 : 0;
  }
}

/** The OpenAPI document, built without a database (Nest preview mode does not instantiate providers). */
async function exportOpenApi() {
  const config = loadConfig({ JWT_SECRET: 'x'.repeat(32), LOG_LEVEL: 'silent', DATA_DIR: '/nonexistent', JOBS_ENABLED: 'false', MAIL_WORKER_ENABLED: 'false' });
  const [{ configureRouting }, { buildOpenApiDocument }] = await Promise.all([import('./app.js'), import('./openapi/openapi.js')]);
  const app = await (await nestFactory()).create((await appModule()).register(config), { preview: true, logger: false });
  configureRouting(app);
  const document = buildOpenApiDocument(app);
  await app.close();
  return document;
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof UsageError) console.error(error.message);
    else console.error(error);
    process.exit(1);
  },
);
