import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';

/** Thrown when another live process holds the embedded database's data folder. */
export class DataDirInUseError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database in ${dir} is in use by process ${pid}. Stop that process, or point ` +
        `DATA_DIR at another folder (or set DATABASE_URL to use a PostgreSQL server).`,
    );
  }
}

/**
 * An in-process PostgreSQL (PGlite, real Postgres compiled to WebAssembly) for running without a
 * database server. PGlite is single-connection: it is exposed to `pg` through
 * `createPgConfig(pglite)` and must be used with a pool of exactly one connection.
 *
 * On disk (`dir` is a path) the folder is guarded by a lock file holding the owner's pid, so a
 * second process gets {@link DataDirInUseError} instead of corrupting the data. `memory://` gives a
 * throw-away database (tests).
 */
export class EmbeddedPostgres {
  private constructor(
    readonly pglite: PGlite,
    private readonly lockPath: string | null,
  ) {}

  /** @throws DataDirInUseError when the folder is locked by a live process. */
  static async start(dir: string): Promise<EmbeddedPostgres> {
    if (dir.startsWith('memory://')) {
      const pglite = new PGlite('memory://');
      await pglite.waitReady;
      return new EmbeddedPostgres(pglite, null);
    }
    const dataDir = resolve(dir);
    mkdirSync(dataDir, { recursive: true });
    const lockPath = join(dataDir, 'postmaster.lock');
    acquireLock(lockPath, dataDir);
    try {
      const pglite = new PGlite(dataDir);
      await pglite.waitReady;
      return new EmbeddedPostgres(pglite, lockPath);
    } catch (error) {
      releaseLock(lockPath);
      throw error;
    }
  }

  /** The `pg` client configuration that routes a connection to this PGlite instance. */
  pgConfig(): Record<string, unknown> {
    return { ...createPgConfig(this.pglite) };
  }

  /** Closes PGlite (flushing to disk) and releases the folder lock. */
  async close(): Promise<void> {
    try {
      if (!this.pglite.closed) await this.pglite.close();
    } finally {
      if (this.lockPath) releaseLock(this.lockPath);
    }
  }
}

/** Lock files this process holds: a lock with our own pid is stale only if we do not hold it. */
const heldHere = new Set<string>();

function acquireLock(lockPath: string, dataDir: string, attempt = 0): void {
  try {
    const fd = openSync(lockPath, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    heldHere.add(lockPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
    const pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
    if (Number.isInteger(pid) && (pid === process.pid ? heldHere.has(lockPath) : isAlive(pid))) throw new DataDirInUseError(dataDir, pid);
    unlinkSync(lockPath); // stale: its owner is gone
    acquireLock(lockPath, dataDir, attempt + 1);
  }
}

function releaseLock(lockPath: string): void {
  heldHere.delete(lockPath);
  try {
    if (Number.parseInt(readFileSync(lockPath, 'utf8'), 10) === process.pid) unlinkSync(lockPath);
  } catch {
    /* already gone */
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
