export { DataDirInUseError, EmbeddedPostgres } from './persistence/embedded-postgres.js';
export {
  createDataSource,
  generateMigration,
  pendingSchemaChanges,
  revertLastMigration,
  runMigrations,
  type DatabaseOptions,
} from './persistence/data-source.js';
export { DatabaseHealth } from './persistence/database-health.js';
export { PersistenceModule } from './persistence/persistence.module.js';
export { RedisConnection } from './redis/redis-connection.js';
export { RedisThrottlerStorage } from './redis/redis-throttler.storage.js';
export { RedisModule } from './redis/redis.module.js';
