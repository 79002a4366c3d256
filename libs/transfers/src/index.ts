export * from './accept-transfer.use-case.js';
export * from './offer-transfer.use-case.js';
export * from './transfer.js';
export * from './transfer.repository.js';
export * from './transfer-settings.js';
export * from './transfers.errors.js';
export * from './transfers.module.js';
export * from './transfers.service.js';
