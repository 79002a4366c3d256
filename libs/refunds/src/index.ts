export * from './cancel-event.use-case.js';
export * from './process-refund.use-case.js';
export * from './refund.js';
export * from './refund.repository.js';
export * from './refunds.errors.js';
export * from './refunds.module.js';
export * from './refunds.service.js';
export * from './request-refund.use-case.js';
