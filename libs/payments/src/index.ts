export * from './payment-gateway.js';
export * from './payments.errors.js';
