import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { BusyError, TransactionRunner } from '@app/shared';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { EmbeddedDataSource } from './data-source.js';
import { PgErrorCode, pgErrorCode } from './pg-errors.js';

/** Rows and affected-row count of one statement. */
export interface SqlResult<T> {
  rows: T[];
  rowCount: number;
}

/** How {@link DatabaseContext.sql} runs a statement. */
export interface SqlOptions {
  /**
   * Run it as a named prepared statement (hot paths): each connection parses and plans it once,
   * then only binds and executes. The name is a label (`[a-z0-9_]`); a short hash of the text is
   * appended, so statements built in variants (or changed by a deploy) never share a name. Ignored
   * on the embedded database (one connection, nothing to gain, and its session outlives a
   * replaced client).
   */
  name?: string;
}

const RETRIED_CODES: ReadonlySet<string> = new Set([PgErrorCode.SerializationFailure, PgErrorCode.DeadlockDetected]);
/** Attempts of a transaction, the first included: 3 means at most 2 retries. */
const MAX_ATTEMPTS = 3;

/**
 * The persistence side of {@link TransactionRunner}: it keeps the current transaction's
 * EntityManager in AsyncLocalStorage, so every statement a repository adapter runs through
 * {@link sql} joins the transaction that the use case opened, without passing it through the domain.
 *
 * Failures: a lock not granted within the connection's `lock_timeout` (SQLSTATE 55P03) becomes
 * {@link BusyError} (503 `busy` with Retry-After), whether the statement ran in a transaction of
 * {@link run} or on its own through {@link sql}; a transaction that fails on a serialization
 * failure or a deadlock is run again, up to {@link MAX_ATTEMPTS} attempts in all (2 retries).
 */
@Injectable()
export class DatabaseContext extends TransactionRunner {
  private readonly current = new AsyncLocalStorage<EntityManager>();
  /** PGlite: named statements are not used (see {@link SqlOptions.name}). */
  private readonly embedded: boolean;

  constructor(readonly dataSource: DataSource) {
    super();
    this.embedded = dataSource instanceof EmbeddedDataSource;
  }

  /** The current transaction's manager, or the pool's manager outside a transaction. */
  get manager(): EntityManager {
    return this.current.getStore() ?? this.dataSource.manager;
  }

  /**
   * Runs one SQL statement (`$1`-style parameters) in the current transaction, or on a pooled
   * connection outside one, and returns its rows and affected-row count whatever the command.
   * Outside a transaction a lock timeout throws {@link BusyError} here (inside one, {@link run}
   * maps it once the transaction has rolled back).
   */
  async sql<T = Record<string, unknown>>(text: string, params: unknown[] = [], options: SqlOptions = {}): Promise<SqlResult<T>> {
    const manager = this.manager;
    const runner = manager.queryRunner ?? this.dataSource.createQueryRunner();
    try {
      if (options.name && !this.embedded) {
        // Through the pg client itself: TypeORM's query runner takes only a text. Its error
        // wrapping is kept, so callers see the same QueryFailedError either way.
        const client = (await runner.connect()) as PoolClient;
        const name = this.statementName(options.name, text);
        try {
          const result = await client.query<T & object>({ name, text, values: params });
          return { rows: result.rows, rowCount: result.rowCount ?? 0 };
        } catch (error) {
          throw new QueryFailedError(text, params, error as Error);
        }
      }
      const result = await runner.query(text, params, true);
      return { rows: (result.records ?? []) as T[], rowCount: result.affected ?? 0 };
    } catch (error) {
      if (!manager.queryRunner && pgErrorCode(error) === PgErrorCode.LockNotAvailable) throw new BusyError(1);
      throw error;
    } finally {
      if (!manager.queryRunner) await runner.release();
    }
  }

  private readonly names = new Map<string, string>();

  /** `label` and the first 12 hex digits of the text's SHA-1, memoized per text. */
  private statementName(label: string, text: string): string {
    let name = this.names.get(text);
    if (!name) {
      name = `${label}_${createHash('sha1').update(text).digest('hex').slice(0, 12)}`;
      this.names.set(text, name);
    }
    return name;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.current.getStore()) return work();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((manager) => this.current.run(manager, work));
      } catch (error) {
        const code = pgErrorCode(error);
        if (code === PgErrorCode.LockNotAvailable) throw new BusyError(1);
        if (code && RETRIED_CODES.has(code) && attempt < MAX_ATTEMPTS) {
          await sleep(10 * attempt + Math.random() * 20);
          continue;
        }
        throw error;
      }
    }
  }
}
