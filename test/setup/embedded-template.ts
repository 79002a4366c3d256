import { cpSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataSource, runMigrations } from '@app/infrastructure';
import { MIGRATIONS } from '../../migrations/index.js';
import { migrationsFingerprint } from './test-database.js';

/** tmpfs when the machine has one: PGlite on it starts and writes faster than on disk, or in its own memory FS. */
const ROOT = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
const PREFIX = 'ticketing-embedded-tpl-';
/** Templates of other migrations older than this are removed (another checkout may still use a newer one). */
const STALE_MS = 24 * 3600_000;

let ready: Promise<string> | undefined;

/**
 * A fresh embedded (PGlite) data folder for one test file, copied from a template folder that was
 * initialised and migrated once per set of migrations: initdb in WebAssembly is most of the cost of
 * starting an embedded database (about 2-4 s here, against 0.3 s to copy and open a copy). Workers
 * that build the template at the same time each build their own and the first rename wins.
 * Returns the folder's path; the caller removes it.
 */
export async function freshEmbeddedDataDir(): Promise<string> {
  const template = await (ready ??= ensureTemplate());
  const dir = mkdtempSync(join(ROOT, 'ticketing-test-pgdata-'));
  cpSync(template, dir, { recursive: true });
  return dir;
}

/** A new empty scratch folder (on tmpfs when the machine has one) for a test that gives spawned processes a data folder; the caller removes it. */
export function scratchDir(prefix: string): string {
  return mkdtempSync(join(ROOT, prefix));
}

/**
 * Fills `dir` (created when missing, expected empty) with a copy of the migrated template: an
 * embedded data folder on disk that a spawned process (the CLI, a server) and the test app share,
 * already as `migration:run` leaves it, as a database cloned from the server's template is.
 */
export async function copyEmbeddedTemplate(dir: string): Promise<void> {
  cpSync(await (ready ??= ensureTemplate()), dir, { recursive: true });
}

async function ensureTemplate(): Promise<string> {
  const fingerprint = migrationsFingerprint();
  const template = join(ROOT, `${PREFIX}${fingerprint}`);
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  const building = mkdtempSync(join(ROOT, `${PREFIX}building-`));
  try {
    const dataSource = await createDataSource({ embeddedDir: building, poolSize: 1, migrationsRun: false, migrations: MIGRATIONS });
    await dataSource.initialize();
    try {
      await runMigrations(dataSource);
    } finally {
      await dataSource.destroy(); // closes PGlite: flushed, lock file released
    }
    renameSync(building, template);
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(join(template, 'PG_VERSION'))) throw error; // else another worker's rename won
  }
  removeStaleTemplates(template);
  return template;
}

function removeStaleTemplates(keep: string): void {
  for (const name of readdirSync(ROOT)) {
    const path = join(ROOT, name);
    if (!name.startsWith(PREFIX) || path === keep) continue;
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      continue; // removed meanwhile
    }
  }
}
