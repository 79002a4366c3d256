import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { copyEmbeddedTemplate } from './embedded-template.js';
import { TEST_JWT_SECRET, TEST_TICKET_SIGNING_KEY } from './test-app.js';
import type { TestDatabase } from './test-database.js';

/** The built CLI (`npm run cli`); needs `npm run build` first. */
export const CLI = resolve('dist/apps/api/src/cli.js');

/**
 * Runs the built CLI with `args` as its own process: in `dir` (no stray .env), with an explicit
 * environment (PATH, HOME, `DATA_DIR=<dir>/data`, quiet logs, then `env`); resolves with its exit
 * code and everything it printed (stdout and stderr together).
 */
export function runCli(dir: string, env: Record<string, string>, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', fail);
    child.on('exit', (code) => done({ code, output }));
  });
}

/**
 * The environment of a CLI test: the test keys, and the file's database server, or (null) an
 * embedded database on disk under `dir` that the CLI process and the test app take turns on. That
 * folder starts as a copy of the migrated template (as a server database is cloned from its
 * template), so no process of the test spends seconds on initdb and the migrations in WebAssembly.
 */
export async function cliTestEnv(dir: string, database: TestDatabase | null): Promise<Record<string, string>> {
  if (!database) await copyEmbeddedTemplate(join(dir, 'pgdata'));
  return {
    JWT_SECRET: TEST_JWT_SECRET,
    TICKET_SIGNING_KEY: TEST_TICKET_SIGNING_KEY,
    ...(database ? { DATABASE_URL: database.url } : { EMBEDDED_DATABASE_DIR: join(dir, 'pgdata') }),
  };
}
