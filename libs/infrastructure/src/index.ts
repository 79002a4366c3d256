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
export { Ed25519TicketSigner, keyIdOf, rawPublicKey, type TicketSigningKeys } from './security/ed25519-ticket-signer.js';
export { TicketSigningModule } from './security/ticket-signing.module.js';
