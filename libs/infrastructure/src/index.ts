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
export { MailModule } from './mail/mail.module.js';
export { MailOptions } from './mail/mail-options.js';
export { MailTransport } from './mail/mail-transport.js';
export { OutboxWorker } from './mail/outbox-worker.js';
