export * from './event.js';
export * from './event.repository.js';
export * from './events.errors.js';
export * from './events.module.js';
export * from './events.service.js';
export * from './ticket-type.js';
export * from './ticket-type.repository.js';
