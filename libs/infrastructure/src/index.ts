export { createDataSource, migrationStatus, revertLastMigration, runMigrations } from './persistence/data-source.js';
export { describeSchema, renderSchemaTypes, SCHEMA_TYPES_FILE, schemaTypesDrift } from './persistence/schema-types.js';
export type { MigrationState } from './persistence/data-source.js';
export { DatabaseContext } from './persistence/database-context.js';
export { DatabaseHealth } from './persistence/database-health.js';
export { isDatabaseUnavailable } from './persistence/pg-errors.js';
export { PersistenceModule } from './persistence/persistence.module.js';
export { InvalidatedCache, type InvalidatedCacheStats } from './persistence/users/invalidated-cache.js';
export {
  NotifiedAuthUserCache,
  USER_CHANGES_ACK_CHANNEL,
  USER_CHANGES_APPLICATION_NAME,
  USER_CHANGES_CHANNEL,
  USER_CHANGES_FENCE_CHANNEL,
} from './persistence/users/notified-auth-user-cache.js';
export { RedisConnection } from './redis/redis-connection.js';
export { RedisThrottlerStorage } from './redis/redis-throttler.storage.js';
export { RedisModule } from './redis/redis.module.js';
export { PaymentsInfrastructureModule } from './payments/payments-infrastructure.module.js';
export { PAYSTACK_DEFAULT_BASE_URL, PaystackGateway, type PaystackGatewayOptions } from './payments/paystack.gateway.js';
export { type ResilienceOptions } from './resilience/resilient-caller.js';
export { CloudinaryStorage, parseCloudinaryUrl } from './storage/cloudinary.storage.js';
export { FileStorageModule } from './storage/file-storage.module.js';
export { LocalDiskStorage } from './storage/local-disk.storage.js';
export {
  FileTooLargeError,
  IMAGE_UPLOAD_TYPES,
  inspectUpload,
  MAX_PROOF_BYTES,
  PROOF_UPLOAD_TYPES,
  UnsupportedFileTypeError,
  type UploadContentType,
} from './storage/upload-type.js';
export { MailModule } from './mail/mail.module.js';
export { MailOptions } from './mail/mail-options.js';
export { MailTransport } from './mail/mail-transport.js';
export { OutboxWorker } from './mail/outbox-worker.js';
export { Ed25519TicketSigner } from './security/ed25519-ticket-signer.js';
export { TicketSigningModule } from './security/ticket-signing.module.js';
export { renderQrPng, type QrPngOptions } from './security/qr-png.js';
