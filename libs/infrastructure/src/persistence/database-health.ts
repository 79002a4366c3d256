import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Readiness probe of the database. */
@Injectable()
export class DatabaseHealth {
  constructor(private readonly dataSource: DataSource) {}

  /** True when `SELECT 1` answers within `timeoutMs`. Never throws. */
  async isUp(timeoutMs = 2000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      const probe = this.dataSource.isInitialized
        ? this.dataSource.query('SELECT 1').then(
            () => true,
            () => false,
          )
        : Promise.resolve(false);
      return await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
