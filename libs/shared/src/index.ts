export * from './actor.js';
export * from './audit.js';
export * from './domain-error.js';
export * from './ids.js';
export * from './pagination.js';
export * from './request-context.js';
export * from './role.js';
export * from './transaction.js';
