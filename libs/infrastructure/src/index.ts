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
export { ManualGateway } from './payments/manual.gateway.js';
export { PaymentGatewayRegistry } from './payments/payment-gateways.js';
export { PaymentsInfrastructureModule, type PaymentsInfrastructureOptions } from './payments/payments-infrastructure.module.js';
export { PAYSTACK_DEFAULT_BASE_URL, PaystackGateway, type PaystackGatewayOptions } from './payments/paystack.gateway.js';
export { paystackSignature, verifyPaystackSignature } from './payments/paystack-signature.js';
export { DEFAULT_RESILIENCE, type CircuitStatus, type ResilienceOptions } from './resilience/resilient-caller.js';
